package io.drover.operation;

import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.preflight.Readiness;
import io.drover.preflight.ReadinessChecks;
import io.drover.security.AccessRules;
import io.drover.text.NearestNames;
import io.drover.journal.StepAttempt;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The REST API for services and runs. */
@RestController
@RequestMapping("/api")
class OperationController {

  private final Inventory inventory;
  private final ServiceStateStore states;
  private final RunStore runs;
  private final RunAdmission admission;
  private final Journal journal;
  private final AuditTrail audit;
  private final AccessRules rules;
  private final AdmissionLimiter limiter;
  private final ReadinessChecks readiness;

  private final ProcedureLauncher launcher;
  private final io.drover.security.ApprovalRules approvals;
  private final Rehearsals rehearsals;
  private final CleanupAdmission cleanups;

  OperationController(Inventory inventory, ServiceStateStore states, RunStore runs, RunAdmission admission,
      Journal journal, AuditTrail audit, AccessRules rules, AdmissionLimiter limiter, ReadinessChecks readiness,
      ProcedureLauncher launcher, io.drover.security.ApprovalRules approvals, Rehearsals rehearsals,
      CleanupAdmission cleanups) {
    this.cleanups = cleanups;
    this.rehearsals = rehearsals;
    this.launcher = launcher;
    this.approvals = approvals;
    this.limiter = limiter;
    this.readiness = readiness;
    this.rules = rules;
    this.inventory = inventory;
    this.states = states;
    this.runs = runs;
    this.admission = admission;
    this.journal = journal;
    this.audit = audit;
  }

  /**
   * @param skipPreflight run without the preflight's checks (recorded in the run log and the audit trail)
   * @param dryRun only say what the run would do (200 with the plan); nothing is admitted
   */
  record OperationRequest(String action, String reason, Boolean skipPreflight, Boolean dryRun, Boolean force) {
  }

  record AckRequest(String site, String reason) {
  }

  /** An approver's decision: {@code approve} or {@code reject}, and why. */
  record ApprovalRequest(String decision, String reason) {
  }

  record SiteView(String role, String site, List<String> hosts) {
  }

  /**
   * A service as the API shows it; {@code status} is PRIMARY_NOT_FENCED (instead of READY) while
   * {@code unfencedRunId}, the takeover that could not fence the primary, is set.
   */
  record ServiceView(String name, String description, String activeSite, String activeSiteName, String status,
      String runId, String lastRunId, String lastGoodStep, SiteView primary, SiteView standby,
      List<Readiness> readiness, String unfencedRunId, RehearsalView rehearsal, String cleanupRunId) {
  }

  /** @param done the leftovers were removed by hand: clear CLEANUP_INCOMPLETE without a cleanup run */
  record CleanupRequest(String reason, Boolean done) {
  }

  record FencedRequest(String reason) {
  }

  record RunView(String runId, String service, String action, String status, String outcome, String requestedBy,
      String origin, String approvedBy, String approvedAt, String startedAt, String endedAt, String failedStep,
      String lastGoodStep, int warnings, List<StepAttempt> steps, String reason, AwaitedApproval awaiting,
      String cleanupOf, List<String> leftovers) {
  }

  /**
   * Who must approve a run that awaits approval, and by when: someone with {@code role} in {@code group},
   * not {@code notBy} (the requester), before {@code deadline} (then the run is aborted).
   */
  record AwaitedApproval(String role, String group, String notBy, String deadline) {
  }

  /** The services the caller may read: those of their groups (all for administrators). */
  @GetMapping("/services")
  List<ServiceView> services(Principal principal) {
    AccessRules.Caller caller = AccessRules.Caller.of(principal, null);
    return inventory.services().stream().filter(s -> rules.mayRead(caller, s.name())).map(this::view).toList();
  }

  @GetMapping("/services/{service}")
  ServiceView service(@PathVariable String service, Principal principal) {
    ServiceSpec spec = inventory.service(service).orElseThrow(() -> unknownService(service, principal));
    requireRead(principal, spec.name());
    return view(spec);
  }

  @PostMapping("/services/{service}/operations")
  ResponseEntity<?> request(@PathVariable String service, @RequestBody OperationRequest body,
      HttpServletRequest http, Principal principal) {
    Reason.bounded(body.reason());
    String requester = requester(principal, http);
    String origin = rules.origin(http.getRemoteAddr(), http.getHeader("X-Forwarded-For"));
    Run run;
    try {
      RunAdmission.Request request = new RunAdmission.Request(service, body.action(), requester, origin,
          body.reason(), AccessRules.Caller.of(principal, origin), Boolean.TRUE.equals(body.force()));
      if (Boolean.TRUE.equals(body.dryRun())) {
        return ResponseEntity.ok(admission.dryRun(request));
      }
      boolean skip = Boolean.TRUE.equals(body.skipPreflight());
      var preflight = admission.preflight(request, skip);
      if (skip) {
        audit.append("PREFLIGHT_SKIPPED", requester, origin, service, null, "action " + body.action() + ": "
            + (body.reason() == null ? "no reason given" : body.reason()));
      }
      run = limiter.admit(() -> admission.admit(request, preflight));
    } catch (ApiProblem refused) {
      audit.append("REFUSED", requester, origin, service, null, refused.status().value() + " "
          + refused.type() + ": action " + body.action() + ": " + refused.getMessage());
      throw refused;
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/runs/" + run.id())).body(view(run));
  }

  /**
   * Checks the service's readiness now (the preflight, read-only) for one action or every action it
   * has a procedure for; the caller needs the right to request that action.
   */
  @PostMapping("/services/{service}/check")
  List<Readiness> check(@PathVariable String service, @RequestParam(required = false) String action,
      HttpServletRequest http, Principal principal) {
    ServiceSpec spec = inventory.service(service).orElseThrow(() -> unknownService(service, principal));
    List<String> actions = action == null ? readiness.actions(service) : List.of(action);
    AccessRules.Caller caller = AccessRules.Caller.of(principal, rules.origin(http.getRemoteAddr(),
        http.getHeader("X-Forwarded-For")));
    List<Readiness> checked = new java.util.ArrayList<>();
    for (String one : actions) {
      if (!readiness.actions(service).contains(one)) {
        throw new ApiProblem(HttpStatus.NOT_FOUND, "no-procedure", "no procedure '" + service + "-" + one
            + "' is deployed; actions with a procedure: " + readiness.actions(service));
      }
      if (caller != null) {
        rules.refusal(caller, service, one).ifPresent(rule -> {
          throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", rule);
        });
      }
      states.ensure(service);
      checked.add(applicable(readiness.check(spec, one), states.find(service).orElseThrow().activeSite()));
    }
    return checked;
  }

  @PostMapping("/services/{service}/ack")
  ServiceView acknowledge(@PathVariable String service, @RequestBody AckRequest body, HttpServletRequest http,
      Principal principal) {
    Reason.bounded(body.reason());
    ServiceSpec spec = inventory.service(service).orElseThrow(() -> unknownService(service, principal));
    requireAckRight(service, "ack", http, principal);
    if (body.reason() == null || body.reason().isBlank()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "reason-required", "an acknowledgement needs a reason");
    }
    Site site;
    try {
      site = Site.valueOf(body.site() == null ? "" : body.site().trim().toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "site-required", "say which site is active now: primary or standby");
    }
    states.ensure(service);
    if (!states.acknowledge(service, site)) {
      throw new ApiProblem(HttpStatus.CONFLICT, "not-in-doubt", "service " + service + " is not IN_DOUBT");
    }
    journal.event(service, null, "ACKNOWLEDGED", requester(principal, http), "active site " + site + ": " + body.reason());
    audit.append("ACKNOWLEDGED", requester(principal, http), http.getRemoteAddr(), service, null,
        "active site " + site + ": " + body.reason());
    return view(spec);
  }

  /**
   * States that the primary of a PRIMARY_NOT_FENCED service is fenced or stopped now (someone checked
   * it): the mark is cleared, journalled and audited. Needs the right to acknowledge the service.
   */
  @PostMapping("/services/{service}/fenced")
  ServiceView fenced(@PathVariable String service, @RequestBody FencedRequest body, HttpServletRequest http,
      Principal principal) {
    Reason.bounded(body.reason());
    ServiceSpec spec = inventory.service(service).orElseThrow(() -> unknownService(service, principal));
    String origin = rules.origin(http.getRemoteAddr(), http.getHeader("X-Forwarded-For"));
    requireAckRight(service, "fenced", http, principal);
    if (body.reason() == null || body.reason().isBlank()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "reason-required", "say how the primary was fenced or stopped"
          + " (--reason)");
    }
    states.ensure(service);
    String takeover = states.find(service).orElseThrow().unfencedRunId();
    if (!states.clearUnfenced(service)) {
      throw new ApiProblem(HttpStatus.CONFLICT, "not-unfenced", "service " + service + " is not "
          + ServiceState.PRIMARY_NOT_FENCED);
    }
    String detail = "primary fenced after takeover " + takeover + ": " + body.reason();
    journal.event(service, takeover, "FENCED", requester(principal, http), detail);
    audit.append("FENCED", requester(principal, http), origin, service, takeover, detail);
    return view(spec);
  }

  /** Refuses (403, audited) a caller without the right to acknowledge the service; {@code what} names the request. */
  private void requireAckRight(String service, String what, HttpServletRequest http, Principal principal) {
    AccessRules.Caller caller = AccessRules.Caller.of(principal, rules.origin(http.getRemoteAddr(),
        http.getHeader("X-Forwarded-For")));
    if (caller == null) {
      return;
    }
    java.util.Optional<String> refusal = rules.refusal(caller, service, "ack");
    if (refusal.isPresent()) {
      audit.append("REFUSED", caller.name(), caller.origin(), service, null, "403 forbidden: " + what + ": "
          + refusal.get());
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", refusal.get());
    }
  }

  /** The whole trail's verification: administrators only (it spans every service). */
  @GetMapping("/audit/verify")
  AuditTrail.Verification verifyAudit(Principal principal) {
    AccessRules.Caller caller = AccessRules.Caller.of(principal, null);
    if (!AccessRules.isAdmin(caller)) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", caller.name() + " may not verify the audit trail: it needs"
          + " group " + AccessRules.ADMIN_GROUP + " or role " + AccessRules.ADMIN_ROLE);
    }
    return audit.verify();
  }

  @GetMapping("/runs/{runId}")
  RunView run(@PathVariable String runId, Principal principal) {
    Run run = runs.find(runId).orElseThrow(() -> unknownRun(runId));
    requireRead(principal, run.service());
    return view(run);
  }

  /**
   * Starts the cleanup of a rehearsal whose cleanup did not finish (CLEANUP_INCOMPLETE): its
   * procedure from its cleanup step. Needs permission {@code cleanup} of the service.
   */
  @PostMapping("/runs/{runId}/cleanup")
  ResponseEntity<RunView> cleanup(@PathVariable String runId, @RequestBody(required = false) CleanupRequest body,
      HttpServletRequest http, Principal principal) {
    String reason = body == null ? null : body.reason();
    Reason.bounded(reason);
    String requester = requester(principal, http);
    String origin = rules.origin(http.getRemoteAddr(), http.getHeader("X-Forwarded-For"));
    Run rehearsal = runs.find(runId).orElseThrow(() -> unknownRun(runId));
    requireRead(principal, rehearsal.service());
    Run run;
    try {
      if (body != null && Boolean.TRUE.equals(body.done())) {
        cleanups.done(runId, requester, origin, reason, AccessRules.Caller.of(principal, origin));
        return ResponseEntity.ok(view(rehearsal));
      }
      run = cleanups.admit(runId, requester, origin, reason, AccessRules.Caller.of(principal, origin));
    } catch (ApiProblem refused) {
      audit.append("REFUSED", requester, origin, rehearsal.service(), runId, refused.status().value() + " "
          + refused.type() + ": cleanup: " + refused.getMessage());
      throw refused;
    }
    return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/runs/" + run.id())).body(view(run));
  }

  @GetMapping(value = "/runs/{runId}/log", produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> log(@PathVariable String runId, @RequestParam(defaultValue = "0") long after,
      Principal principal) {
    Run run = runs.find(runId).orElseThrow(() -> unknownRun(runId));
    requireRead(principal, run.service());
    List<Journal.LogLine> lines = journal.logLines(runId, after);
    long position = lines.isEmpty() ? after : lines.get(lines.size() - 1).id();
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line.line()).append('\n'));
    return ResponseEntity.ok().header("X-Drover-Log-Position", Long.toString(position))
        .header("X-Drover-Run-Status", run.status()).contentType(MediaType.TEXT_PLAIN).body(text.toString());
  }

  /**
   * Decides a run's approval as the caller, under the same rules as in Tasklist (approver role,
   * the service's group, not the requester, the service's origins). In open mode (no sign-in, on
   * loopback only) the caller is who the client says ({@code X-Drover-User}) and holds the approver
   * role and the service's group: identities there are claimed, not proven.
   */
  @PostMapping("/runs/{runId}/approval")
  RunView approval(@PathVariable String runId, @RequestBody ApprovalRequest body, HttpServletRequest http,
      Principal principal) {
    Reason.bounded(body.reason());
    Run run = runs.find(runId).orElseThrow(() -> unknownRun(runId));
    requireRead(principal, run.service());
    AccessRules.Caller caller = AccessRules.Caller.of(principal, rules.origin(http.getRemoteAddr(),
        http.getHeader("X-Forwarded-For")));
    java.util.Set<String> groups = new java.util.TreeSet<>();
    if (caller == null) {
      groups.add(approvals.role());
      groups.add(approvals.group(run.service()));
    } else {
      groups.addAll(caller.roles());
      groups.addAll(caller.groups());
    }
    launcher.decideApproval(runId, requester(principal, http), groups, body.decision(), body.reason());
    return view(runs.find(runId).orElseThrow());
  }

  private void requireRead(Principal principal, String service) {
    AccessRules.Caller caller = AccessRules.Caller.of(principal, null);
    if (!rules.mayRead(caller, service)) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", caller.name() + " is not in group " + rules.group(service)
          + ", whose members may read " + service, java.util.Map.of("service", service));
    }
  }

  private ServiceView view(ServiceSpec spec) {
    states.ensure(spec.name());
    ServiceState state = states.find(spec.name()).orElseThrow();
    String siteName = state.activeSite() == Site.PRIMARY ? spec.primary().name() : spec.standby().name();
    return new ServiceView(spec.name(), spec.description(), state.activeSite().name().toLowerCase(), siteName,
        awaitingApproval(state.lockRunId()) ? Run.AWAITING_APPROVAL : state.unfencedRunId() != null
            && state.status() == ServiceStatus.READY ? ServiceState.PRIMARY_NOT_FENCED : state.cleanupRunId() != null
            && state.status() == ServiceStatus.READY ? ServiceState.CLEANUP_INCOMPLETE : state.status().name(),
        state.lockRunId(), state.lastRunId(), state.lastGoodStep(),
        new SiteView("primary", spec.primary().name(), spec.primary().hosts()),
        new SiteView("standby", spec.standby().name(), spec.standby().hosts()), readiness.of(spec.name()).stream()
        .map(r -> applicable(r, state.activeSite())).toList(), state.unfencedRunId(), rehearsals.of(spec)
        .map(proof -> RehearsalView.of(proof, rehearsals.every(), java.time.Instant.now())).orElse(null),
        state.cleanupRunId());
  }

  /** A readiness whose action the active site does not allow shows NOT_APPLICABLE (a request would get 409). */
  private static Readiness applicable(Readiness readiness, Site active) {
    return Action.parse(readiness.action()).filter(action -> action.requires() != active)
        .map(action -> readiness.notApplicable(action.id() + " needs the " + action.requires().name().toLowerCase()
            + " site active; the " + active.name().toLowerCase() + " site is"))
        .orElse(readiness);
  }

  /** Whether the run holding a service waits for its approval (the service shows that, not RUNNING). */
  private boolean awaitingApproval(String runId) {
    return runId != null && runs.find(runId).map(run -> Run.AWAITING_APPROVAL.equals(run.status())).orElse(false);
  }

  private AwaitedApproval awaited(Run run) {
    if (!Run.AWAITING_APPROVAL.equals(run.status())) {
      return null;
    }
    return new AwaitedApproval(approvals.role(), approvals.group(run.service()), run.requestedBy(),
        run.startedAt().plus(approvals.timeout(run.service())).toString());
  }

  private RunView view(Run run) {
    return new RunView(run.id(), run.service(), run.action().id(), run.status(),
        run.outcome() == null ? null : run.outcome().name(), run.requestedBy(), run.origin(), run.approvedBy(),
        run.approvedAt() == null ? null : run.approvedAt().toString(), run.startedAt().toString(), run.endedAt() == null ? null : run.endedAt().toString(), run.failedStep(),
        run.lastGoodStep(), run.warnings(), journal.attempts(run.id()), run.reason(), awaited(run), run.cleanupOf(),
        run.leftovers() == null ? List.of() : List.of(run.leftovers().split("\n")));
  }

  private static String requester(Principal principal, HttpServletRequest http) {
    return AccessRules.requester(principal, http.getHeader("X-Drover-User"));
  }

  /** 404, with the nearest names among the services the caller may read. */
  private ApiProblem unknownService(String service, Principal principal) {
    AccessRules.Caller caller = AccessRules.Caller.of(principal, null);
    return new ApiProblem(HttpStatus.NOT_FOUND, "unknown-service", "service '" + service + "' is not in the inventory"
        + NearestNames.hint(service, inventory.services().stream().map(ServiceSpec::name)
            .filter(name -> rules.mayRead(caller, name)).toList()));
  }

  private static ApiProblem unknownRun(String runId) {
    return new ApiProblem(HttpStatus.NOT_FOUND, "unknown-run", "no run " + runId);
  }

}
