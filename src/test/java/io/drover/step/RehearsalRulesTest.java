package io.drover.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.step.catalog.StepContracts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Every step type and every action it takes, under a rehearsal: which may run, and why the others may not. */
class RehearsalRulesTest {

  static final Predicate<String> PRIMARY = host -> host.equals("primary") || host.equals("app01");

  static Optional<String> refusal(String type, String action, String host, String safe) {
    Map<String, String> inputs = new HashMap<>();
    if (action != null) {
      inputs.put("action", action);
    }
    if (host != null) {
      inputs.put("host", host);
    }
    if (safe != null) {
      inputs.put(RehearsalRules.SAFE_INPUT, safe);
    }
    return RehearsalRules.refusal(StepContracts.byType(type).orElseThrow(), inputs, PRIMARY);
  }

  @Test
  void everyActionOfEveryStepTypeHasAnAnswerAndOnlyReadsAndMarkedCommandsOffThePrimaryRun() {
    List<String> allowed = new java.util.ArrayList<>();
    for (StepContract contract : StepContracts.ALL) {
      List<String> actions = contract.actions().isEmpty() ? java.util.Collections.singletonList(null)
          : contract.actions();
      for (String action : actions) {
        for (String host : new String[] {"standby", "primary"}) {
          Optional<String> plain = refusal(contract.type(), action, host, null);
          Optional<String> marked = refusal(contract.type(), action, host, "true");
          plain.ifPresent(why -> assertThat(why).doesNotContain("is not known"));
          if (marked.isEmpty()) {
            allowed.add(contract.type() + (action == null ? "" : " " + action) + " on " + host
                + (plain.isEmpty() ? "" : " (marked)"));
          }
        }
      }
    }
    assertThat(allowed).containsExactlyInAnyOrder("command on standby (marked)", "probe tcp on standby",
        "probe tcp on primary", "probe http on standby", "probe http on primary", "probe command on standby (marked)",
        "storage query on standby", "storage query on primary", "storage clone on standby", "storage unclone on standby");
  }

  @Test
  void eachRefusalSaysWhatToDoInstead() {
    assertThat(refusal("command", null, "standby", null)).hasValueSatisfying(why -> assertThat(why)
        .startsWith("a command may change anything: mark it rehearsal-safe"));
    assertThat(refusal("command", null, "standby", "false")).isPresent();
    assertThat(refusal("command", null, "app01", "true")).hasValue("it runs on the primary site, which a rehearsal"
        + " never touches: run it on the standby");
    assertThat(refusal("probe", "command", "standby", null)).hasValueSatisfying(why -> assertThat(why)
        .startsWith("a check command may change anything"));
    assertThat(refusal("storage", "failover", null, null)).hasValueSatisfying(why -> assertThat(why)
        .startsWith("a rehearsal never fails storage over").contains("while replication goes on"));
    assertThat(refusal("storage", "promote", "standby", null)).hasValueSatisfying(why -> assertThat(why)
        .startsWith("a rehearsal never promotes the real standby"));
    assertThat(refusal("storage", "clone", "primary", null)).hasValue("it runs on the primary site, which a rehearsal"
        + " never touches: run it on the standby");
    assertThat(refusal("dns-alias", "add-rehearsal", null, null)).hasValueSatisfying(why -> assertThat(why)
        .contains("add a record of its own (add-rehearsal, a name whose first label says rehearsal)"));
    java.util.Map<String, Object> record = new java.util.HashMap<>(java.util.Map.of("action", "add-rehearsal",
        "alias", "rehearsal-payments.example.com"));
    assertThat(RehearsalRules.refusal(StepContracts.byType("dns-alias").orElseThrow(), record, PRIMARY)).isEmpty();
    record.put("alias", "payments.example.com");
    assertThat(RehearsalRules.refusal(StepContracts.byType("dns-alias").orElseThrow(), record, PRIMARY)).isPresent();
    assertThat(refusal("dns-alias", "point", null, null)).hasValueSatisfying(why -> assertThat(why)
        .contains("never changes a production DNS alias"));
    assertThat(refusal("volume-group", "import", "standby", null)).hasValueSatisfying(why -> assertThat(why)
        .startsWith("it imports a production disk group").contains("stops its replication"));
    assertThat(refusal("filesystem", "mount", "standby", null)).hasValueSatisfying(why -> assertThat(why)
        .startsWith("it mounts a production file system"));
    assertThat(refusal("application", "start", "standby", null)).hasValueSatisfying(why -> assertThat(why)
        .startsWith("it starts the production application"));
    assertThat(refusal("transfer", null, null, null)).hasValueSatisfying(why -> assertThat(why)
        .contains("a rehearsal uses the copy the standby already holds"));
  }
}
