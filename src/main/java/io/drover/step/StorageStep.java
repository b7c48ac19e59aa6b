package io.drover.step;

import io.drover.inventory.HostSpec;
import io.drover.remote.ExecResult;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Step type {@code storage} with {@code driver} srdf: switches SAN replication of device group
 * {@code group} by running {@code symrdf} on the storage {@code gatekeeper} host (an inventory
 * host, as the login user, who needs SYMCLI access there) and reading the RDF pair state from
 * {@code symrdf query}. {@code action}: query, failover
 * (pairs Failed Over), failback and establish (pairs Synchronized). Already there: nothing to do.
 */
@Component("storageStepType")
public class StorageStep implements StepType {

  /** What this step type takes (see {@link StepContract}). */
  public static final StepContract CONTRACT = StepContract.of("storage", "storageStep", "failover", "failback",
      "establish", "query", "fence", "promote", "rebuild", "clone", "unclone")
      .title("Drover: switch storage or database replication", "srdf: switches SAN replication on the storage"
          + " gatekeeper host (symrdf), reading the RDF pair state. postgresql: fences, promotes or rebuilds (pg_rewind)"
          + " one side of a streaming-replication pair on a service host, as postgres; for a rehearsal, clones the"
          + " streaming standby to its own directory and port (clone) and removes the clone (unclone).")
      .required("driver").choiceField("Driver", "srdf", null, "srdf", "postgresql")
      .action("Action", "failover", "srdf: failover, failback, establish, query. postgresql: fence, promote, rebuild;"
          + " clone, unclone (rehearsal).")
      .optional("gatekeeper").field("Gatekeeper host (srdf)", "", "inventory name of the storage gatekeeper",
          Fields.HOST_NAME_OR_EMPTY)
      .optional("group").field("Device group (srdf)", "", null, null)
      .optional("symrdf").field("symrdf program (srdf)", "symrdf", null, null)
      .optionalRole("host").field("Host (postgresql)", "", null, Fields.HOST_OR_EMPTY)
      .optional("pgbin").field("PostgreSQL bin directory (postgresql)", "", null, Fields.PATH_OR_EMPTY)
      .optional("datadir").field("Data directory (postgresql)", "", null, Fields.PATH_OR_EMPTY)
      .optional("port").field("Port (postgresql)", "", null, Fields.PORT_OR_EMPTY)
      .optional("cloneDir").field("Rehearsal clone directory (postgresql clone, unclone)", "",
          "a directory of its own whose name says rehearsal", Fields.PATH_OR_EMPTY)
      .optional("clonePort").field("Rehearsal clone port (postgresql clone, unclone)", "", null, Fields.PORT_OR_EMPTY)
      .optional("maxLagBytes").field("Largest replay lag to promote (postgresql, bytes)", "", null, null)
      .optional("timeout").field(Fields.TIMEOUT_LABEL, "", Fields.TIMEOUT_DESCRIPTION, Fields.DURATION)
      .optional("address").means("postgresql: the address the cluster listens on; empty: the host's address")
      .optional("source").means("postgresql rebuild: the host to rewind from; empty: the other site's host")
      .build();

  private static final String POSTGRESQL_ACTIONS = "postgresql action must be fence, promote, rebuild, clone or"
      + " unclone";

  /** Pair state each action leads to. */
  static final Map<String, String> TARGET_STATE = Map.of("failover", "Failed Over", "failback", "Synchronized",
      "establish", "Synchronized");
  /** The pair states each action can start from (the preflight's probe). */
  static final Map<String, java.util.List<String>> ALLOWED_FROM = Map.of(
      "failover", java.util.List.of("Synchronized", "Consistent", "Split", "Suspended", "Partitioned"),
      "failback", java.util.List.of("Failed Over", "R1 Updated", "R1 UpdInProg"),
      "establish", java.util.List.of("Split", "Suspended", "Failed Over", "Partitioned"));
  private static final Pattern DEVICE_LINE = Pattern.compile(
      "^\\S+\\s+\\S+\\s+\\S+\\s+\\d+\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\d+\\s+\\d+\\s+\\S+\\s+(\\S.*?)\\s*$");

  private final HostAccess access;

  public StorageStep(HostAccess access) {
    this.access = access;
  }

  @Override
  public StepContract contract() {
    return CONTRACT;
  }

  @Override
  public String name() {
    return CONTRACT.type();
  }

  @Override
  public StepNeeds needs(StepRequest request) throws StepFailure {
    String driver = request.string("driver", "srdf");
    String action = request.string("action");
    if (driver.equals("postgresql")) {
      HostSpec host = access.host(request, request.string("host"));
      String pgbin = request.string("pgbin");
      request.string("datadir");
      return switch (action) {
        case "fence" -> StepNeeds.as(host, "postgres", pgbin + "/pg_ctl");
        case "promote" -> StepNeeds.as(host, "postgres", "/usr/bin/psql");
        case "rebuild" -> StepNeeds.as(host, "postgres", pgbin + "/pg_rewind");
        case "clone" -> StepNeeds.as(host, "postgres", pgbin + "/pg_basebackup");
        case "unclone" -> StepNeeds.as(host, "postgres", pgbin + "/pg_ctl");
        default -> throw new StepFailure(FailureReason.CONFIGURATION, POSTGRESQL_ACTIONS + ", not '" + action + "'",
            null, null, null, null);
      };
    }
    if (!driver.equals("srdf")) {
      throw new StepFailure(FailureReason.CONFIGURATION, "storage driver '" + driver + "' is not available; drivers:"
          + " srdf, postgresql", null, null, null, null);
    }
    request.string("group");
    if (!action.equals("query") && !TARGET_STATE.containsKey(action)) {
      throw new StepFailure(FailureReason.CONFIGURATION, "srdf action must be query, failover, failback or establish,"
          + " not '" + action + "'", null, null, null, null);
    }
    return StepNeeds.login(access.hosts().inventoryHost(request.string("gatekeeper")));
  }

  @Override
  public java.util.List<String> probe(StepRequest request) throws StepFailure {
    String action = request.string("action");
    if (request.string("driver", "srdf").equals("postgresql")) {
      HostSpec host = access.host(request, request.string("host"));
      HostShell shell = access.shell(request, host, java.time.Duration.ofSeconds(30));
      PostgresqlReplication pair = new PostgresqlReplication(shell, request.string("pgbin"), request.string("datadir"),
          request.string("address", host.address()), request.string("port", "5432"), java.time.Duration.ofSeconds(30));
      return pair.problems(action, Long.parseLong(request.string("maxLagBytes", "0")),
          "takeover".equals(String.valueOf(request.variables().get("operation"))));
    }
    HostSpec gatekeeper = access.hosts().inventoryHost(request.string("gatekeeper"));
    HostShell shell = access.shell(request, gatekeeper, java.time.Duration.ofSeconds(30));
    String state = state(shell, request.string("symrdf", "symrdf"), request.string("group"));
    String wanted = TARGET_STATE.get(action);
    java.util.List<String> from = ALLOWED_FROM.getOrDefault(action, java.util.List.of());
    return wanted == null || state.equals(wanted) || from.contains(state) ? java.util.List.of()
        : java.util.List.of("device group " + request.string("group") + " is " + state + " on " + gatekeeper.name()
        + ": " + action + " starts from " + String.join(", ", from) + " (or finds it " + wanted + " already)");
  }

  @Override
  public StepResult execute(StepRequest request, AttemptRecorder recorder) throws StepFailure {
    String driver = request.string("driver", "srdf");
    if (driver.equals("postgresql")) {
      return postgresql(request, recorder);
    }
    if (!driver.equals("srdf")) {
      throw new StepFailure(FailureReason.CONFIGURATION, "storage driver '" + driver + "' is not available; drivers:"
          + " srdf, postgresql", null, null, null, null);
    }
    String action = request.string("action");
    String group = request.string("group");
    String symrdf = request.string("symrdf", "symrdf");
    HostSpec gatekeeper = access.hosts().inventoryHost(request.string("gatekeeper"));
    HostShell shell = access.shell(request, gatekeeper);
    if (action.equals("query")) {
      recorder.started(gatekeeper.name(), io.drover.remote.RemoteCommand.of(symrdf, "-g", group, "query").display());
      shell.note("pair state of " + group + ": " + state(shell, symrdf, group));
      return new StepResult(0, shell.transcript(), "");
    }
    String wanted = TARGET_STATE.get(action);
    if (wanted == null) {
      throw new StepFailure(FailureReason.CONFIGURATION, "srdf action must be query, failover, failback or establish,"
          + " not '" + action + "'", null, null, null, null);
    }
    recorder.started(gatekeeper.name(), io.drover.remote.RemoteCommand.of(symrdf, "-g", group, action, "-noprompt").display());
    String before = state(shell, symrdf, group);
    if (before.equals(wanted)) {
      shell.note("device group " + group + " is already " + wanted + ": nothing to do");
      return new StepResult(0, shell.transcript(), "");
    }
    ExecResult changed = shell.run(symrdf, "-g", group, action, "-noprompt");
    if (!changed.succeeded()) {
      throw new StepFailure(FailureReason.NON_ZERO_EXIT, "symrdf " + action + " of " + group + " failed on "
          + gatekeeper.name() + " (exit status " + changed.exitStatus() + ")", changed.exitStatus(), changed.stdout(),
          changed.stderr(), null);
    }
    String after = state(shell, symrdf, group);
    if (!after.equals(wanted)) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "device group " + group + " is " + after + " after " + action
          + ", expected " + wanted, null, shell.transcript(), null, null);
    }
    shell.note("device group " + group + ": " + before + " -> " + after);
    return new StepResult(0, shell.transcript(), "");
  }

  /** Driver postgresql: {@code action} fence, promote or rebuild on {@code host}; rebuild follows the other site's host. */
  private StepResult postgresql(StepRequest request, AttemptRecorder recorder) throws StepFailure {
    String action = request.string("action");
    String role = request.string("host");
    HostSpec host = access.host(request, role);
    Duration timeout = request.duration("timeout", Duration.ofSeconds(60));
    HostShell shell = access.shell(request, host, access.commandTimeout());
    PostgresqlReplication pair = new PostgresqlReplication(shell, request.string("pgbin"), request.string("datadir"),
        request.string("address", host.address()), request.string("port", "5432"), timeout);
    String other = "primary".equals(role) ? "standby" : "primary";
    String source = "rebuild".equals(action) ? access.host(request, request.string("source", other)).address() : null;
    boolean rehearsal = "clone".equals(action) || "unclone".equals(action);
    recorder.started(host.name(), pair.display(action, rehearsal ? request.string("cloneDir") : source));
    switch (action) {
      case "fence" -> pair.fence();
      case "promote" -> pair.promote(Long.parseLong(request.string("maxLagBytes", "0")));
      case "rebuild" -> pair.rebuild(source);
      case "clone" -> pair.clone(request.string("cloneDir"), request.string("clonePort"));
      case "unclone" -> pair.unclone(request.string("cloneDir"), request.string("clonePort"));
      default -> throw new StepFailure(FailureReason.CONFIGURATION, POSTGRESQL_ACTIONS + ", not '" + action + "'",
          null, null, null, null);
    }
    return new StepResult(0, shell.transcript(), "");
  }

  /** The pair state shared by every device of the group, from {@code symrdf query}. */
  private static String state(HostShell shell, String symrdf, String group) throws StepFailure {
    ExecResult query = shell.run(symrdf, "-g", group, "query");
    if (!query.succeeded()) {
      throw new StepFailure(FailureReason.NON_ZERO_EXIT, "symrdf query of " + group + " failed on "
          + shell.host().name(), query.exitStatus(), query.stdout(), query.stderr(), null);
    }
    String state = pairState(query.stdout());
    if (state == null) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "the devices of " + group + " are not in one pair state",
          query.exitStatus(), query.stdout(), query.stderr(), null);
    }
    return state;
  }

  /** The one RDF pair state of all device lines of a query, or null when none or mixed. */
  static String pairState(String queryOutput) {
    Set<String> states = new TreeSet<>();
    for (String line : queryOutput.split("\n")) {
      Matcher m = DEVICE_LINE.matcher(line);
      if (m.matches()) {
        states.add(m.group(1));
      }
    }
    return states.size() == 1 ? states.iterator().next() : null;
  }
}
