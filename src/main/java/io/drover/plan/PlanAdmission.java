package io.drover.plan;

import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.operation.Action;
import io.drover.operation.ApiProblem;
import io.drover.operation.ProcedureLauncher;
import io.drover.operation.ServiceState;
import io.drover.operation.ServiceStateStore;
import io.drover.operation.ServiceStatus;
import io.drover.preflight.Preflight;
import io.drover.preflight.PreflightReport;
import io.drover.security.AccessRules;
import io.drover.security.ApprovalRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Admits a plan run: the plan exists, the caller may run it under the plan's rules and under every
 * service's own (role, group, origin: a plan never widens them), every service's procedure is deployed,
 * every service is ready on the site the action starts from, free, and in no other plan run still
 * going; then each service's preflight (unless skipped). The plan run, its services and its
 * procedure's instance are created in one transaction; one approval covers the whole plan.
 */
@Service
public class PlanAdmission {

  private final Plans plans;
  private final PlanAccess access;
  private final PlanStore store;
  private final ServiceStateStore states;
  private final ProcedureLauncher launcher;
  private final Inventory inventory;
  private final Preflight preflight;
  private final ApprovalRules approvals;
  private final AuditTrail audit;
  private final Journal journal;

  public PlanAdmission(Plans plans, PlanAccess access, PlanStore store, ServiceStateStore states,
      ProcedureLauncher launcher, Inventory inventory, Preflight preflight, ApprovalRules approvals, AuditTrail audit,
      Journal journal) {
    this.plans = plans;
    this.access = access;
    this.store = store;
    this.states = states;
    this.launcher = launcher;
    this.inventory = inventory;
    this.preflight = preflight;
    this.approvals = approvals;
    this.audit = audit;
    this.journal = journal;
  }

  /** A request to run a plan; {@code caller} is null when the API is open (demo). */
  public record Request(String plan, String action, String requestedBy, String origin, String reason,
      AccessRules.Caller caller, boolean skipPreflight) {
  }

  public PlanSpec plan(String name, AccessRules.Caller caller) {
    PlanSpec plan = plans.plan(name).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "unknown-plan", "plan '"
        + name + "' is not defined; plans: " + String.join(", ", plans.all().stream().map(PlanSpec::name).toList())));
    if (!access.mayRead(caller, plan)) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", caller.name() + " is not in group " + plan.group()
          + ", which may see plan " + plan.name(), Map.of("plan", plan.name()));
    }
    return plan;
  }

  /**
   * Everything that can be checked before the plan run exists; refuses with every problem found.
   *
   * @return warnings of the services' preflights (a takeover's unreachable primary site)
   */
  public List<String> check(Request request) {
    PlanSpec plan = plan(request.plan(), request.caller());
    Action action = Action.parse(request.action()).orElseThrow(() -> new ApiProblem(HttpStatus.BAD_REQUEST,
        "unknown-action", "action '" + request.action() + "' is not valid; valid actions: " + Action.valid()));
    access.refusal(request.caller(), plan, action.id()).ifPresent(rule -> {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", rule);
    });
    List<String> refusedServices = access.serviceRefusals(request.caller(), plan, action.id());
    if (!refusedServices.isEmpty()) {
      throw forbidden(request.caller(), plan, action, refusedServices);
    }
    List<String> problems = new ArrayList<>();
    if (!launcher.isDeployed(Plans.procedureId(plan.name(), action.id()))) {
      problems.add("the plan's procedure " + Plans.procedureId(plan.name(), action.id()) + " is not deployed; restart"
          + " the server after changing plan files");
    }
    Map<String, String> inOpenRuns = new LinkedHashMap<>();
    store.servicesInOpenRuns().forEach(row -> inOpenRuns.put(row[0], "plan " + row[2] + " run " + row[1]));
    for (PlanSpec.Member m : plan.members()) {
      String service = m.service();
      String procedure = service + "-" + action.id();
      if (!launcher.isDeployed(procedure)) {
        problems.add(service + ": no procedure " + procedure + " is deployed");
      }
      if (inOpenRuns.containsKey(service)) {
        problems.add(service + ": it is in " + inOpenRuns.get(service) + ", still going; a service is in one plan"
            + " run at a time");
      }
      states.ensure(service);
      ServiceState state = states.find(service).orElseThrow();
      if (state.lockRunId() != null) {
        problems.add(service + ": held by run " + state.lockRunId());
      } else if (state.status() != ServiceStatus.READY) {
        problems.add(service + ": " + state.status() + " after run " + state.lastRunId() + "; acknowledge it first"
            + " (drover ack)");
      } else if (state.activeSite() != action.requires()) {
        problems.add(service + ": " + action.id() + " needs it active on its " + action.requires().name().toLowerCase()
            + " site, but it is active on its " + state.activeSite().name().toLowerCase() + " site");
      } else if (state.unfencedRunId() != null) {
        problems.add(service + ": " + ServiceState.PRIMARY_NOT_FENCED + " after takeover " + state.unfencedRunId()
            + "; fence the primary, then run drover fenced " + service + " --reason ... (or run the service alone"
            + " with --force)");
      } else if (state.cleanupRunId() != null) {
        problems.add(service + ": " + ServiceState.CLEANUP_INCOMPLETE + " after rehearsal " + state.cleanupRunId()
            + "; remove its leftovers, then run drover cleanup " + state.cleanupRunId() + " (or run the service alone"
            + " with --force)");
      }
    }
    if (!problems.isEmpty()) {
      throw refused("plan-refused", HttpStatus.CONFLICT, plan, action, problems, List.of());
    }
    List<String> warnings = new ArrayList<>();
    if (!request.skipPreflight()) {
      for (PlanSpec.Member m : plan.members()) {
        ServiceSpec service = inventory.service(m.service()).orElseThrow();
        PreflightReport report = preflight.check(service, action.id(), Preflight.runVariables(service, action.id(),
            "(run id)", approvals.group(service.name())));
        report.problems().forEach(p -> problems.add(service.name() + ": " + p));
        report.warnings().forEach(w -> warnings.add(service.name() + ": " + w));
      }
      if (!problems.isEmpty()) {
        throw refused("preflight-failed", HttpStatus.UNPROCESSABLE_ENTITY, plan, action, problems, warnings);
      }
    }
    return warnings;
  }

  /** 403 naming each service of the plan whose own rules refuse the caller, and the rule. */
  private static ApiProblem forbidden(AccessRules.Caller caller, PlanSpec plan, Action action, List<String> refused) {
    StringBuilder detail = new StringBuilder(refused.size() + " of the " + plan.members().size() + " services of plan "
        + plan.name() + " refuse " + caller.name() + " " + action.id() + " under their own rules; nothing ran:");
    refused.forEach(p -> detail.append("\n  - ").append(p));
    List<String> services = refused.stream().map(p -> p.substring(0, p.indexOf(": "))).toList();
    return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", detail.toString(), Map.of("plan", plan.name(),
        "problems", refused, "refusedServices", services));
  }

  private static ApiProblem refused(String type, HttpStatus status, PlanSpec plan, Action action, List<String> problems,
      List<String> warnings) {
    StringBuilder detail = new StringBuilder(problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
        + " before " + action.id() + " of plan " + plan.name() + "; nothing ran and every service stays as it was:");
    problems.forEach(p -> detail.append("\n  - ").append(p));
    return new ApiProblem(status, type, detail.toString(), Map.of("problems", problems, "warnings", warnings));
  }

  /** Creates the plan run and starts its procedure (or its approval); call {@link #check} first. */
  @Transactional
  public PlanRun admit(Request request, List<String> warnings) {
    PlanSpec plan = plans.plan(request.plan()).orElseThrow();
    Action action = Action.parse(request.action()).orElseThrow();
    boolean approval = access.needsApproval(plan, action.id());
    String id = UUID.randomUUID().toString();
    PlanGraph graph = PlanGraph.of(plan, action.id());
    store.insert(id, plan, action.id(), approval ? PlanRun.AWAITING_APPROVAL : PlanRun.RUNNING, request.requestedBy(),
        request.origin(), request.reason(), graph);
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("plan", plan.name());
    variables.put("operation", action.id());
    variables.put("requestedBy", request.requestedBy());
    variables.put("requestReason", request.reason() == null ? "(none given)" : request.reason());
    variables.put("approvalTimeout", access.approvalTimeout(plan).toString());
    if (approval) {
      variables.put("plannedSteps", plannedSteps(plan, graph, action.id()));
    }
    String instance = launcher.start(Plans.procedureId(plan.name(), action.id()), id, variables);
    store.attachProcess(id, instance);
    audit.append("PLAN_REQUESTED", request.requestedBy(), request.origin(), "plan:" + plan.name(), id, action.id()
        + " of " + plan.members().size() + " services" + (request.reason() == null ? "" : ": " + request.reason()));
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-22s plan=%s action=%s services=%d requestedBy=%s origin=%s%s", "PLAN_ADMITTED",
        plan.name(), action.id(), plan.members().size(), request.requestedBy(), request.origin(),
        request.reason() == null ? "" : " reason=\"" + request.reason() + "\""));
    lines.add(request.skipPreflight() ? String.format("%-22s skipped at the request of %s", "PREFLIGHT",
        request.requestedBy()) : String.format("%-22s %d services checked%s", "PREFLIGHT", plan.members().size(),
        warnings.isEmpty() ? "" : "; warnings: " + String.join("; ", warnings)));
    if (approval) {
      lines.add(String.format("%-22s by a %s of %s other than %s, within %s", "AWAITING_APPROVAL", approvals.role(),
          plan.group(), request.requestedBy(), access.approvalTimeout(plan)));
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        lines.forEach(line -> journal.log(id, line));
      }
    });
    return store.find(id).orElseThrow();
  }

  /**
   * Cancels a plan run: no service starts after this; services running finish their procedure (a
   * procedure stopped half-way leaves its service IN_DOUBT). A run still awaiting approval ends at once.
   */
  @Transactional
  public PlanRun cancel(String id, AccessRules.Caller caller, String actor, String origin) {
    PlanRun run = store.find(id).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "unknown-plan-run",
        "plan run " + id + " does not exist"));
    PlanSpec plan = plan(run.plan(), caller);
    access.refusal(caller, plan, run.action()).ifPresent(rule -> {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", rule, Map.of("plan", plan.name()));
    });
    boolean awaiting = PlanRun.AWAITING_APPROVAL.equals(run.status());
    if (!store.cancel(id, actor)) {
      throw new ApiProblem(HttpStatus.CONFLICT, "plan-run-ended", "plan run " + id + " is " + run.status()
          + "; there is nothing to cancel");
    }
    audit.append("PLAN_CANCELLED", actor, origin, "plan:" + plan.name(), id, run.action() + " cancelled");
    journal.log(id, String.format("%-22s by %s: no service starts after this; running ones finish their procedure",
        "PLAN_CANCELLED", actor));
    if (awaiting) {
      launcher.cancel(run.processInstanceId(), "plan run cancelled by " + actor);
    }
    return store.find(id).orElseThrow();
  }

  /** What an approver of the plan is shown: every service in order, with its steps. */
  private String plannedSteps(PlanSpec plan, PlanGraph graph, String action) {
    StringBuilder text = new StringBuilder();
    int n = 0;
    for (String service : graph.order()) {
      PlanSpec.Member m = plan.member(service);
      text.append(++n).append(". ").append(service).append(m.critical() ? " (critical)" : "")
          .append(graph.before(service).isEmpty() ? "" : ", after " + String.join(", ", graph.before(service)))
          .append('\n');
      for (String line : launcher.plannedSteps(service + "-" + action).split("\n")) {
        text.append("     ").append(line).append('\n');
      }
    }
    return text.toString().stripTrailing();
  }
}
