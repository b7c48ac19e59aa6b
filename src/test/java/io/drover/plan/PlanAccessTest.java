package io.drover.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.security.AccessRules;
import io.drover.security.SecurityProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may run, read and approve a plan: the plan file's access rules, with the server's approval defaults. */
class PlanAccessTest {

  private static final SecurityProperties SECURITY = new SecurityProperties(null, null, null, null, null, null, null,
      null);
  private final PlanAccess access = new PlanAccess(SECURITY, new AccessRules(SECURITY),
      new io.drover.security.ApprovalRules(SECURITY, new AccessRules(SECURITY)));

  private static PlanSpec plan(Map<String, List<String>> roles, List<String> origins, List<String> approval) {
    return new PlanSpec("site", null, "site.yaml", 10, Map.of(), List.of(), "dr-planners", roles, origins, approval,
        approval == null ? null : Duration.ofMinutes(5));
  }

  private static AccessRules.Caller caller(String name, Set<String> roles, Set<String> groups, String origin) {
    return new AccessRules.Caller(name, roles, groups, origin);
  }

  @Test
  void requestsNeedTheActionsRoleThePlansGroupAndAnAllowedOrigin() {
    PlanSpec plan = plan(Map.of("takeover", List.of("dr-admin")), List.of("10.0.0.0/8"), null);
    assertThat(access.refusal(caller("alice", Set.of("dr-operator"), Set.of("dr-planners"), "10.1.2.3"), plan, "migrate"))
        .isEmpty();
    assertThat(access.refusal(caller("alice", Set.of("dr-operator"), Set.of("dr-planners"), "10.1.2.3"), plan, "takeover"))
        .hasValue("action takeover of plan site needs role dr-admin; alice has dr-operator");
    assertThat(access.refusal(caller("carol", Set.of("dr-operator"), Set.of("service-x"), "10.1.2.3"), plan, "migrate"))
        .hasValue("carol is not in group dr-planners, which may run plan site");
    assertThat(access.refusal(caller("alice", Set.of("dr-operator"), Set.of("dr-planners"), "192.0.2.1"), plan, "migrate"))
        .hasValue("requests for plan site may only come from 10.0.0.0/8, not 192.0.2.1");
    assertThat(access.mayRead(caller("carol", Set.of(), Set.of("service-x"), null), plan)).isFalse();
    assertThat(access.mayRead(caller("root", Set.of("dr-admin"), Set.of(), null), plan)).isTrue();
  }

  @Test
  void approvalFollowsThePlanOrTheServerDefaultAndNeverTheRequester() {
    PlanSpec byDefault = plan(Map.of(), List.of(), null);
    assertThat(access.needsApproval(byDefault, "takeover")).isTrue();
    assertThat(access.needsApproval(byDefault, "migrate")).isFalse();
    assertThat(access.approvalTimeout(byDefault)).isEqualTo(Duration.ofMinutes(30));
    PlanSpec migrate = plan(Map.of(), List.of(), List.of("migrate"));
    assertThat(access.needsApproval(migrate, "migrate")).isTrue();
    assertThat(access.approvalTimeout(migrate)).isEqualTo(Duration.ofMinutes(5));
    assertThat(access.approvalRefusal("alice", List.of("dr-approver", "dr-planners"), byDefault, "alice"))
        .hasValue("alice requested this plan run and cannot approve it; another dr-approver of dr-planners must");
    assertThat(access.approvalRefusal("bob", List.of("dr-planners"), byDefault, "alice"))
        .hasValue("bob does not have role dr-approver, which approving needs");
    assertThat(access.approvalRefusal("bob", List.of("dr-approver", "dr-planners"), byDefault, "alice")).isEmpty();
  }
}
