package io.drover.plan;

import io.drover.journal.AuditTrail;
import io.drover.operation.ApiProblem;
import io.drover.security.AccessRules;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The REST API for recovery plans and their runs. */
@RestController
@RequestMapping("/api")
class PlanController {

  private final Plans plans;
  private final PlanAccess access;
  private final PlanAdmission admission;
  private final PlanStore store;
  private final PlanRunView views;
  private final AccessRules rules;
  private final AuditTrail audit;
  private final io.drover.journal.Journal journal;
  private final io.drover.operation.ProcedureLauncher launcher;
  private final String approvalRole;
  private final io.drover.operation.Rehearsals rehearsals;
  private final io.drover.inventory.Inventory inventory;

  PlanController(Plans plans, PlanAccess access, PlanAdmission admission, PlanStore store, PlanRunView views,
      AccessRules rules, AuditTrail audit, io.drover.journal.Journal journal,
      io.drover.operation.ProcedureLauncher launcher, io.drover.security.ApprovalRules approvals,
      io.drover.operation.Rehearsals rehearsals, io.drover.inventory.Inventory inventory) {
    this.rehearsals = rehearsals;
    this.inventory = inventory;
    this.launcher = launcher;
    this.approvalRole = approvals.role();
    this.journal = journal;
    this.plans = plans;
    this.access = access;
    this.admission = admission;
    this.store = store;
    this.views = views;
    this.rules = rules;
    this.audit = audit;
  }

  record PlanRunRequest(String action, String reason, Boolean skipPreflight) {
  }

  record MemberView(String service, int depth, List<String> after, boolean critical, List<String> uses) {
  }

  record PlanView(String name, String description, String file, String group, int maxParallel,
      Map<String, Integer> resources, String action, boolean approval, List<MemberView> order,
      PlanRehearsal rehearsal) {
  }

  /**
   * Whether the plan's services are proven by rehearsal: the worst of their states, and each one's
   * (NEVER_REHEARSED for a service with no rehearse procedure).
   */
  record PlanRehearsal(String status, Map<String, String> services) {
  }

  @GetMapping("/plans")
  List<PlanView> plans(Principal principal) {
    AccessRules.Caller caller = AccessRules.Caller.of(principal, null);
    return plans.all().stream().filter(p -> access.mayRead(caller, p)).map(p -> view(p, "migrate")).toList();
  }

  /** The order a plan would run in for {@code action}, and its resources; nothing runs. */
  @GetMapping("/plans/{plan}")
  PlanView plan(@PathVariable String plan, @RequestParam(defaultValue = "migrate") String action, Principal principal) {
    if (io.drover.operation.Action.parse(action).isEmpty()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "unknown-action", "action '" + action + "' is not valid; valid"
          + " actions: " + io.drover.operation.Action.valid());
    }
    return view(admission.plan(plan, AccessRules.Caller.of(principal, null)), action);
  }

  @PostMapping("/plans/{plan}/runs")
  ResponseEntity<PlanRunView.View> run(@PathVariable String plan, @RequestBody PlanRunRequest body,
      HttpServletRequest http, Principal principal) {
    io.drover.operation.Reason.bounded(body.reason());
    String requester = AccessRules.requester(principal, http.getHeader("X-Drover-User"));
    String origin = rules.origin(http.getRemoteAddr(), http.getHeader("X-Forwarded-For"));
    PlanAdmission.Request request = new PlanAdmission.Request(plan, body.action(), requester, origin, body.reason(),
        AccessRules.Caller.of(principal, origin), Boolean.TRUE.equals(body.skipPreflight()));
    PlanRun run;
    try {
      List<String> warnings = admission.check(request);
      if (request.skipPreflight()) {
        audit.append("PREFLIGHT_SKIPPED", requester, origin, "plan:" + plan, null, "action " + body.action() + ": "
            + (body.reason() == null ? "no reason given" : body.reason()));
      }
      run = admission.admit(request, warnings);
    } catch (ApiProblem refused) {
      audit.append("REFUSED", requester, origin, "plan:" + plan, null, refused.status().value() + " " + refused.type()
          + ": action " + body.action() + ": " + refused.getMessage());
      throw refused;
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/plan-runs/" + run.id()))
        .body(views.of(run));
  }

  @GetMapping("/plan-runs")
  List<PlanRunView.View> runs(Principal principal) {
    AccessRules.Caller caller = AccessRules.Caller.of(principal, null);
    return store.latest(50).stream().filter(r -> plans.plan(r.plan()).map(p -> access.mayRead(caller, p))
        .orElse(AccessRules.isAdmin(caller))).map(views::of).toList();
  }

  @GetMapping("/plan-runs/{id}")
  PlanRunView.View planRun(@PathVariable String id, Principal principal) {
    PlanRun run = store.find(id).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "unknown-plan-run",
        "plan run " + id + " does not exist"));
    admission.plan(run.plan(), AccessRules.Caller.of(principal, null));
    return views.of(run);
  }

  /** The plan run's own log: admission, each service started, skipped or ended, the outcome. */
  @GetMapping(value = "/plan-runs/{id}/log", produces = org.springframework.http.MediaType.TEXT_PLAIN_VALUE)
  String log(@PathVariable String id, Principal principal) {
    planRun(id, principal);
    StringBuilder text = new StringBuilder();
    journal.logLines(id, 0).forEach(line -> text.append(line.line()).append('\n'));
    return text.toString();
  }

  record ApprovalRequest(String decision, String reason) {
  }

  /** Decides a plan run's approval as the caller, as {@code POST /api/runs/{id}/approval} does for a run. */
  @PostMapping("/plan-runs/{id}/approval")
  PlanRunView.View approval(@PathVariable String id, @RequestBody ApprovalRequest body, HttpServletRequest http,
      Principal principal) {
    io.drover.operation.Reason.bounded(body.reason());
    PlanRun run = store.find(id).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "unknown-plan-run",
        "plan run " + id + " does not exist"));
    PlanSpec plan = admission.plan(run.plan(), AccessRules.Caller.of(principal, null));
    AccessRules.Caller caller = AccessRules.Caller.of(principal, null);
    java.util.Set<String> groups = new java.util.TreeSet<>();
    if (caller == null) {
      groups.add(approvalRole);
      groups.addAll(access.groups(plan));
    } else {
      groups.addAll(caller.roles());
      groups.addAll(caller.groups());
    }
    launcher.decideApproval(id, AccessRules.requester(principal, http.getHeader("X-Drover-User")), groups,
        body.decision(), body.reason());
    return views.of(store.find(id).orElseThrow());
  }

  @PostMapping("/plan-runs/{id}/cancel")
  PlanRunView.View cancel(@PathVariable String id, HttpServletRequest http, Principal principal) {
    String actor = AccessRules.requester(principal, http.getHeader("X-Drover-User"));
    String origin = rules.origin(http.getRemoteAddr(), http.getHeader("X-Forwarded-For"));
    return views.of(admission.cancel(id, AccessRules.Caller.of(principal, origin), actor, origin));
  }

  private PlanView view(PlanSpec plan, String action) {
    PlanGraph graph = PlanGraph.of(plan, action);
    Map<String, Integer> depth = graph.depths();
    List<MemberView> order = graph.order().stream().map(s -> new MemberView(s, depth.get(s), graph.before(s),
        plan.member(s).critical(), plan.member(s).uses())).toList();
    return new PlanView(plan.name(), plan.description(), plan.fileName(), plan.group(), plan.maxParallel(),
        plan.resources(), action, access.needsApproval(plan, action), order, rehearsal(plan));
  }

  private PlanRehearsal rehearsal(PlanSpec plan) {
    java.time.Instant now = java.time.Instant.now();
    Map<String, String> services = new java.util.LinkedHashMap<>();
    for (PlanSpec.Member member : plan.members()) {
      services.put(member.service(), inventory.service(member.service()).flatMap(rehearsals::of)
          .map(proof -> proof.status(now)).orElse(io.drover.operation.RehearsalProof.NEVER_REHEARSED));
    }
    return new PlanRehearsal(io.drover.operation.RehearsalProof.worst(services.values()), services);
  }
}
