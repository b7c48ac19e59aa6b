package io.drover.operation;

import io.drover.inventory.HostSpec;
import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.preflight.DryRun;
import io.drover.preflight.Preflight;
import io.drover.preflight.PreflightReport;
import io.drover.security.AccessRules;
import io.drover.security.ApprovalRules;
import io.drover.security.StaticKeys;
import io.drover.text.NearestNames;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Admits a run (patent step 210): valid action, known service, procedure deployed, service in
 * the right state and free. The lock, the run row and the process instance are created in one
 * transaction: either all exist or none.
 */
@Service
public class RunAdmission {

  private final Inventory inventory;
  private final ServiceStateStore states;
  private final RunStore runs;
  private final ProcedureLauncher launcher;
  private final Journal journal;
  private final AuditTrail audit;
  private final AccessRules rules;
  private final ApprovalRules approvals;
  private final Preflight preflight;
  private final DryRun dryRun;
  private final StaticKeys staticKeys;
  private final ProcedureFingerprint fingerprints;

  public RunAdmission(Inventory inventory, ServiceStateStore states, RunStore runs, ProcedureLauncher launcher,
      Journal journal, AuditTrail audit, AccessRules rules, ApprovalRules approvals, Preflight preflight,
      DryRun dryRun, StaticKeys staticKeys, ProcedureFingerprint fingerprints) {
    this.fingerprints = fingerprints;
    this.staticKeys = staticKeys;
    this.preflight = preflight;
    this.dryRun = dryRun;
    this.approvals = approvals;
    this.audit = audit;
    this.rules = rules;
    this.inventory = inventory;
    this.states = states;
    this.runs = runs;
    this.launcher = launcher;
    this.journal = journal;
  }

  /**
   * A request to run an operation.
   *
   * @param caller the signed-in person, or null when the API is open (demo)
   * @param force run although the service is PRIMARY_NOT_FENCED (needs a reason; audited FORCED)
   */
  public record Request(String service, String action, String requestedBy, String origin, String reason,
      AccessRules.Caller caller, boolean force) {

    public Request(String service, String action, String requestedBy, String origin, String reason,
        AccessRules.Caller caller) {
      this(service, action, requestedBy, origin, reason, caller, false);
    }
  }

  /**
   * Checks a request as far as it can without taking the service: valid action, known service,
   * allowed caller, procedure deployed, service free and on the right site; then the preflight
   * (unless the requester skips it), which refuses the run with every problem it found.
   *
   * @return the preflight's report, or null when it was skipped
   */
  public PreflightReport preflight(Request request, boolean skip) {
    Action action = action(request);
    ServiceSpec service = service(request, action);
    states.ensure(service.name());
    ServiceState state = states.find(service.name()).orElseThrow();
    if (state.lockRunId() != null || state.status() != ServiceStatus.READY || state.activeSite() != action.requires()) {
      throw refusal(service.name(), action);
    }
    fenced(request, state);
    cleanedUp(request, state);
    staticKeys(service, action);
    if (skip) {
      return null;
    }
    PreflightReport report = preflight.check(service, action.id(), Preflight.runVariables(service, action.id(),
        "(run id)", approvals.group(service.name())));
    if (report.refused()) {
      StringBuilder detail = new StringBuilder("preflight found " + report.problems().size() + " problem"
          + (report.problems().size() == 1 ? "" : "s") + " before " + action.id() + " of " + service.name()
          + "; nothing ran and the service stays as it was. Fix these, or request again with skipPreflight:");
      report.problems().forEach(p -> detail.append("\n  - ").append(p));
      throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "preflight-failed", detail.toString(),
          Map.of("problems", report.problems(), "warnings", report.warnings()));
    }
    return report;
  }

  @Transactional
  public Run admit(Request request) {
    return admit(request, null);
  }

  /**
   * What a run of the request would do, without admitting it: its preflight, its steps as they
   * would run and their forecast. Whatever the service's state, which the plan reports.
   */
  public DryRun.RunPlan dryRun(Request request) {
    Action action = action(request);
    ServiceSpec service = service(request, action);
    states.ensure(service.name());
    ServiceState state = states.find(service.name()).orElseThrow();
    String refusedNow = state.lockRunId() != null || state.status() != ServiceStatus.READY
        || state.activeSite() != action.requires() ? refusal(service.name(), action).getMessage()
        : state.unfencedRunId() != null && !request.force() ? notFenced(state).getMessage()
        : state.cleanupRunId() != null && !request.force() ? cleanupIncomplete(state).getMessage() : null;
    return dryRun.plan(service, action.id(), Preflight.runVariables(service, action.id(), "(run id)",
        approvals.group(service.name())), refusedNow);
  }

  /** Admits a run; {@code preflight} is what the preflight found (null: it was skipped), for the run log. */
  @Transactional
  public Run admit(Request request, PreflightReport preflight) {
    Action action = action(request);
    ServiceSpec service = service(request, action);
    String procedure = service.name() + "-" + action.id();
    states.ensure(service.name());
    String runId = UUID.randomUUID().toString();
    ServiceState before = states.find(service.name()).orElseThrow();
    fenced(request, before);
    cleanedUp(request, before);
    staticKeys(service, action);
    if (!states.lock(service.name(), action.requires(), runId, request.force())) {
      throw refusal(service.name(), action);
    }
    if (before.unfencedRunId() != null) {
      audit.append("FORCED", request.requestedBy(), request.origin(), service.name(), runId, action.id()
          + " although PRIMARY_NOT_FENCED after takeover " + before.unfencedRunId() + ": " + request.reason());
    }
    if (before.cleanupRunId() != null) {
      audit.append("FORCED", request.requestedBy(), request.origin(), service.name(), runId, action.id()
          + " although CLEANUP_INCOMPLETE after rehearsal " + before.cleanupRunId() + ": " + request.reason());
    }
    boolean approval = approvals.needed(service.name(), action.id());
    String group = approvals.group(service.name());
    runs.insert(runId, service.name(), action, approval ? Run.AWAITING_APPROVAL : Run.RUNNING, request.requestedBy(),
        request.origin(), request.reason());
    runs.fingerprint(runId, fingerprints.of(service));
    // serviceGroup: the group whose members see and decide the run's Tasklist tasks
    Map<String, Object> variables = Preflight.runVariables(service, action.id(), runId, group);
    ProcedureLauncher.Approval waitFor = new ProcedureLauncher.Approval(request.requestedBy(), request.reason(), group,
        approvals.timeout(service.name()));
    String instance = approval ? launcher.startApproval(procedure, runId, variables, waitFor)
        : launcher.start(procedure, runId, variables);
    runs.attachProcess(runId, instance);
    audit.append("REQUESTED", request.requestedBy(), request.origin(), service.name(), runId, action.id()
        + (request.reason() == null ? "" : ": " + request.reason()));
    // the run log is written once the admission has committed: writing it now would need a second
    // connection while this transaction holds the audit chain's head, and under load every pooled
    // connection may be waiting for that head
    String admitted = String.format("%-22s service=%s action=%s requestedBy=%s origin=%s procedure=%s",
        "RUN_ADMITTED", service.name(), action.id(), request.requestedBy(), request.origin(), procedure)
        + (request.reason() == null || request.reason().isBlank() ? "" : " reason=\"" + request.reason() + "\"");
    String awaiting = approval ? String.format("%-22s by a %s of %s other than %s, within %s", "AWAITING_APPROVAL",
        approvals.role(), group, request.requestedBy(), waitFor.timeout()) : null;
    String checked = preflight == null ? String.format("%-22s skipped at the request of %s", "PREFLIGHT",
        request.requestedBy()) : preflight.summary();
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        journal.log(runId, admitted);
        journal.log(runId, checked);
        if (awaiting != null) {
          journal.log(runId, awaiting);
        }
      }
    });
    return runs.find(runId).orElseThrow();
  }

  private static Action action(Request request) {
    return Action.parse(request.action()).orElseThrow(() -> new ApiProblem(HttpStatus.BAD_REQUEST,
        "unknown-action", "action '" + request.action() + "' is not valid; valid actions: " + Action.valid()));
  }

  /** The request's service, once the caller may run the action and its procedure is deployed. */
  private ServiceSpec service(Request request, Action action) {
    ServiceSpec service = inventory.service(request.service()).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
        "unknown-service", "service '" + request.service() + "' is not in the inventory" + NearestNames.hint(
        request.service(), inventory.services().stream().map(ServiceSpec::name)
            .filter(name -> rules.mayRead(request.caller(), name)).toList())));
    if (request.caller() != null) {
      rules.refusal(request.caller(), service.name(), action.id()).ifPresent(rule -> {
        throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", rule);
      });
    }
    String procedure = service.name() + "-" + action.id();
    if (!launcher.isDeployed(procedure)) {
      throw new ApiProblem(HttpStatus.CONFLICT, "no-procedure", "no procedure '" + procedure + "' is deployed;"
          + " add bpmn/" + procedure + ".bpmn and restart");
    }
    return service;
  }

  /** Refuses a run that would reach a host with a static key when this server forbids them. */
  private void staticKeys(ServiceSpec service, Action action) {
    if (!staticKeys.forbidden()) {
      return;
    }
    List<HostSpec> refused = preflight.hosts(service, action.id(), Preflight.runVariables(service, action.id(),
        "(run id)", approvals.group(service.name()))).stream().filter(staticKeys::refuses).toList();
    if (!refused.isEmpty()) {
      StringBuilder detail = new StringBuilder(action.id() + " of " + service.name() + " would reach "
          + refused.size() + " host" + (refused.size() == 1 ? "" : "s") + " with a static key, and this server"
          + " forbids them; nothing ran:");
      refused.forEach(host -> detail.append("\n  - ").append(StaticKeys.refusal(host)));
      throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "static-key-forbidden", detail.toString(),
          Map.of("hosts", refused.stream().map(HostSpec::name).toList()));
    }
  }

  /** Refuses a run of a PRIMARY_NOT_FENCED service unless it is forced with a reason. */
  private static void fenced(Request request, ServiceState state) {
    if (state.unfencedRunId() == null) {
      return;
    }
    if (!request.force()) {
      throw notFenced(state);
    }
    if (request.reason() == null || request.reason().isBlank()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "reason-required", "a forced run of " + state.service()
          + " (PRIMARY_NOT_FENCED) needs a reason: say how you know the primary cannot run the application");
    }
  }

  /** Refuses a run of a service a rehearsal left leftovers on, unless it is forced with a reason. */
  private void cleanedUp(Request request, ServiceState state) {
    if (state.cleanupRunId() == null) {
      return;
    }
    if (!request.force()) {
      throw cleanupIncomplete(state);
    }
    if (request.reason() == null || request.reason().isBlank()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "reason-required", "a forced run of " + state.service()
          + " (CLEANUP_INCOMPLETE) needs a reason: say why the rehearsal's leftovers do not matter");
    }
  }

  private ApiProblem cleanupIncomplete(ServiceState state) {
    String leftovers = runs.find(state.cleanupRunId()).map(Run::leftovers).orElse(null);
    return new ApiProblem(HttpStatus.CONFLICT, "cleanup-incomplete", "service " + state.service() + " is "
        + ServiceState.CLEANUP_INCOMPLETE + ": rehearsal " + state.cleanupRunId() + " left "
        + (leftovers == null ? "leftovers" : String.join("; ", leftovers.split("\n"))) + " on its hosts. Remove"
        + " them, then run: drover cleanup " + state.cleanupRunId() + "; or request again with --force and a reason"
        + " (audited)", Map.of("service", state.service(), "cleanupRunId", state.cleanupRunId()));
  }

  private static ApiProblem notFenced(ServiceState state) {
    return new ApiProblem(HttpStatus.CONFLICT, "site-not-fenced", "service " + state.service() + " is "
        + ServiceState.PRIMARY_NOT_FENCED + ": takeover " + state.unfencedRunId() + " could not fence or stop the"
        + " primary, so the application may run on both sites. Fence or stop it, then run: drover fenced "
        + state.service() + " --reason ...; or request again with --force and a reason (audited)",
        Map.of("service", state.service(), "takeover", state.unfencedRunId()));
  }

  private ApiProblem refusal(String service, Action action) {
    ServiceState state = states.find(service).orElseThrow();
    if (state.lockRunId() != null) {
      return new ApiProblem(HttpStatus.CONFLICT, "service-busy", "service " + service + " is held by run "
          + state.lockRunId() + "; wait for it to end (drover status " + state.lockRunId() + ")");
    }
    if (state.status() == ServiceStatus.IN_DOUBT) {
      return new ApiProblem(HttpStatus.CONFLICT, "service-in-doubt", "service " + service + " is IN_DOUBT after run "
          + state.lastRunId() + " (last step that succeeded: " + state.lastGoodStep() + "); check the hosts, then"
          + " acknowledge with: drover ack " + service + " --site primary|standby --reason ...");
    }
    return new ApiProblem(HttpStatus.CONFLICT, "wrong-state", action.id() + " needs service " + service
        + " active on its " + action.requires().name().toLowerCase() + " site, but it is active on its "
        + state.activeSite().name().toLowerCase() + " site");
  }
}
