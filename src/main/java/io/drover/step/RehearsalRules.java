package io.drover.step;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a rehearsal may not do: change production. The runbook compiler and the BPMN linter refuse
 * such a step in a rehearsal procedure at its line, and the step runner refuses it again at run time
 * under a rehearsal run (defence in depth). A step may run in a rehearsal when it only reads (a tcp
 * or http probe, a storage query) or is a command (or check command) its planner marked
 * rehearsal-safe ({@code rehearsalSafe} {@code true}: it works on copies only) that does not run on
 * the primary site. Everything else is
 * refused, with what to do instead: storage failover, failback and promotion, DNS alias changes,
 * file systems, disk groups, applications and transfers, which act on the production volumes,
 * names and processes.
 */
public final class RehearsalRules {

  /** The input that marks a command step as one that touches copies only. */
  public static final String SAFE_INPUT = "rehearsalSafe";

  private RehearsalRules() {
  }

  /**
   * Why a step may not run in a rehearsal, or empty when it may.
   *
   * @param inputs the step's inputs as written ({@code action}, {@code host}, {@code rehearsalSafe} ...)
   * @param onPrimary whether a host role or host name is on the service's primary site
   */
  public static Optional<String> refusal(StepContract contract, Map<String, ?> inputs, Predicate<String> onPrimary) {
    String action = text(inputs.get("action"));
    String host = text(inputs.get("host"));
    return Optional.ofNullable(switch (contract.type()) {
      case "probe" -> "command".equals(action) ? command(inputs, host, onPrimary, "a check command") : null;
      case "command" -> command(inputs, host, onPrimary, "a command");
      case "storage" -> "query".equals(action) ? null
          : List.of("clone", "unclone").contains(action) ? onStandby(host, onPrimary, "a rehearsal clone")
          : "a rehearsal never " + storage(action) + ": it brings the service up from a copy of the standby's data"
          + " (storage clone of the standby, or a snapshot made by a rehearsal-safe command) while replication goes on";
      case "dns-alias" -> List.of("add-rehearsal", "remove-rehearsal").contains(action)
          && isRehearsalName(text(inputs.get("alias"))) ? null
          : "a rehearsal never changes a production DNS alias: add a record of its own (add-rehearsal, a name whose"
          + " first label says rehearsal) or probe the rehearsal instance by its own address";
      case "filesystem", "volume-group" -> "it " + (action == null ? "acts on" : action + "s") + " a production "
          + (contract.type().equals("filesystem") ? "file system" : "disk group") + ", which a rehearsal never"
          + " touches (importing or mounting the replicated volume on the standby stops its replication): mount"
          + " a snapshot with a rehearsal-safe command instead";
      case "application" -> "it " + (action == null ? "acts on" : action + "s") + " the production application:"
          + " start the rehearsal instance (other port or directory) with a rehearsal-safe command instead";
      case "transfer" -> "it copies data between the sites' production hosts: a rehearsal uses the copy the"
          + " standby already holds";
      default -> "step type " + contract.type() + " is not known to be free of production changes";
    });
  }

  /** Whether a DNS name's first label says rehearsal: the only records a rehearsal may add or remove. */
  public static boolean isRehearsalName(String name) {
    String first = name == null ? "" : name.split("\\.", 2)[0];
    return first.toLowerCase(java.util.Locale.ROOT).contains("rehearsal");
  }

  private static String command(Map<String, ?> inputs, String host, Predicate<String> onPrimary, String what) {
    if (!"true".equalsIgnoreCase(text(inputs.get(SAFE_INPUT)))) {
      return what + " may change anything: mark it rehearsal-safe (input " + SAFE_INPUT + " = true; in a runbook '"
          + SAFE_INPUT + "=true') once it works on copies only (a snapshot, another port or directory)";
    }
    return onStandby(host, onPrimary, what);
  }

  private static String onStandby(String host, Predicate<String> onPrimary, String what) {
    return host != null && onPrimary.test(host) ? "it runs on the primary site, which a rehearsal never touches:"
        + " run it on the standby" : null;
  }

  private static String storage(String action) {
    return switch (action == null ? "" : action) {
      case "failover" -> "fails storage over";
      case "failback" -> "fails storage back";
      case "establish" -> "re-establishes replication";
      case "promote" -> "promotes the real standby";
      case "fence" -> "stops the production database";
      case "rebuild" -> "rebuilds a database";
      default -> "changes the replicated storage";
    };
  }

  private static String text(Object value) {
    return value == null ? null : value.toString().strip();
  }
}
