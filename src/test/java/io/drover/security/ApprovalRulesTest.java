package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalRulesTest {

  private static ApprovalRules rules(Map<String, SecurityProperties.ServiceRule> services,
      SecurityProperties.Approval approval) {
    SecurityProperties properties = new SecurityProperties(null, null, services, null, approval, null, null, null);
    return new ApprovalRules(properties, new AccessRules(properties));
  }

  @Test
  void takeoverNeedsApprovalByDefaultAndAServiceMaySayOtherwise() {
    ApprovalRules rules = rules(Map.of(
        "payments", new SecurityProperties.ServiceRule(null, "team-pay", null, List.of("migrate", "takeover"),
            Duration.ofMinutes(5)),
        "lab", new SecurityProperties.ServiceRule(null, null, null, List.of("none"), null)), null);
    assertThat(rules.needed("ledger", "takeover")).isTrue();
    assertThat(rules.needed("ledger", "migrate")).isFalse();
    assertThat(rules.needed("payments", "migrate")).isTrue();
    assertThat(rules.needed("lab", "takeover")).isFalse();
    assertThat(rules.timeout("ledger")).isEqualTo(Duration.ofMinutes(30));
    assertThat(rules.timeout("payments")).isEqualTo(Duration.ofMinutes(5));
    assertThat(rules.group("payments")).isEqualTo("team-pay");
    assertThat(rules.group("ledger")).isEqualTo("service-ledger");
  }

  @Test
  void onlyAnotherSignedInApproverOfTheServicesGroupMayApprove() {
    ApprovalRules rules = rules(Map.of(), new SecurityProperties.Approval(null, null, "dr-approver"));
    List<String> bob = List.of("dr-approver", "service-payments");
    assertThat(rules.refusal("bob", bob, "payments", "alice")).isEmpty();
    assertThat(rules.refusal("alice", bob, "payments", "alice")).hasValueSatisfying(why -> assertThat(why)
        .isEqualTo("alice requested this run and cannot approve it; another dr-approver of service-payments must"));
    assertThat(rules.refusal(null, bob, "payments", "alice")).hasValue("an approval needs a signed-in approver");
    assertThat(rules.refusal("victor", List.of("dr-viewer", "service-payments"), "payments", "alice"))
        .hasValue("victor does not have role dr-approver, which approving needs");
    assertThat(rules.refusal("bob", bob, "ledger", "carol"))
        .hasValue("bob is not in group service-ledger, whose approvers decide runs of ledger");
  }
}
