package io.drover.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.security.AccessRules;
import io.drover.security.ApprovalRules;
import io.drover.security.SecurityProperties;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A plan adds to its services' rules and never widens them: each kind of service rule (the role an
 * action needs, the group, the origins) refuses a plan run of a caller the plan itself admits, and
 * the plan's approver must be an approver of each service (its group, its origins).
 */
class PlanServiceRulesTest {

  private static final SecurityProperties SECURITY = new SecurityProperties(null, null, Map.of(
      "ledger", new SecurityProperties.ServiceRule(null, "team-ops", null, null, null),
      "payments", new SecurityProperties.ServiceRule(Map.of("migrate", List.of("dr-admin")), "team-ops", null, null,
          null),
      "cards", new SecurityProperties.ServiceRule(null, "team-cards", null, null, null),
      "vault", new SecurityProperties.ServiceRule(null, "team-ops", List.of("10.0.0.0/8"), null, null)),
      null, null, null, null, null);
  private static final AccessRules RULES = new AccessRules(SECURITY);
  private final PlanAccess access = new PlanAccess(SECURITY, RULES, new ApprovalRules(SECURITY, RULES));

  private static PlanSpec plan(String... services) {
    List<PlanSpec.Member> members = java.util.Arrays.stream(services).map(s -> new PlanSpec.Member(s, List.of(), null,
        true, List.of(), "site.yaml:1")).toList();
    return new PlanSpec("site", null, "site.yaml", 10, Map.of(), members, "team-ops", Map.of(), List.of(), null, null);
  }

  private static AccessRules.Caller carol(String origin) {
    return new AccessRules.Caller("carol", Set.of("dr-operator"), Set.of("team-ops"), origin);
  }

  @Test
  void everyKindOfServiceRuleRefusesAPlanRunThePlanAdmits() {
    PlanSpec plan = plan("ledger", "payments", "cards", "vault");
    assertThat(access.refusal(carol("192.0.2.1"), plan, "migrate")).as("the plan's own rules admit carol").isEmpty();
    assertThat(access.serviceRefusals(carol("192.0.2.1"), plan, "migrate")).containsExactly(
        "payments: action migrate on payments needs role dr-admin; carol has dr-operator",
        "cards: carol is not in group team-cards, which may operate cards",
        "vault: requests for vault may only come from 10.0.0.0/8, not 192.0.2.1");
    assertThat(access.serviceRefusals(carol("10.1.2.3"), plan("ledger", "vault"), "migrate")).isEmpty();
    assertThat(access.serviceRefusals(null, plan, "migrate")).as("open API: no caller to refuse").isEmpty();
  }

  @Test
  void thePlansApproverMustBeAnApproverOfEveryServiceFromAnOriginEachAllows() {
    PlanSpec plan = plan("ledger", "cards", "vault");
    List<String> bob = List.of("dr-approver", "team-ops");
    assertThat(access.approvalRefusal("bob", bob, plan, "carol")).as("the plan's own approval rules").isEmpty();
    assertThat(access.approvalRefusal("bob", bob, plan, "carol", "192.0.2.1")).hasValue("bob may not approve every"
        + " service of plan site (2 refuse): cards: bob is not in group team-cards, whose approvers decide runs of"
        + " cards; vault: requests for vault may only come from 10.0.0.0/8, not 192.0.2.1");
    assertThat(access.approvalRefusal("bob", List.of("dr-approver", "team-ops", "team-cards"), plan, "carol",
        "10.1.2.3")).isEmpty();
    assertThat(access.approvalRefusal("carol", List.of("dr-approver", "team-ops", "team-cards"), plan, "carol",
        "10.1.2.3")).hasValue("carol requested this plan run and cannot approve it; another dr-approver of team-ops"
        + " must");
    assertThat(access.groups(plan)).containsExactly("team-ops", "team-cards");
  }
}
