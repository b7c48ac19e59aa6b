package io.drover.plan;

import io.drover.inventory.Inventory;
import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.operation.Action;
import io.drover.operation.Run;
import io.drover.operation.RunStore;
import io.drover.operation.ServiceState;
import io.drover.operation.ServiceStateStore;
import io.drover.preflight.Preflight;
import io.drover.security.ApprovalRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides, inside a plan run's procedure, when each service starts and records how it ended: a
 * service starts once its prerequisites are settled and the plan's {@code maxParallel} and every
 * resource it uses have room; it is skipped when a critical prerequisite failed, a prerequisite
 * was skipped, or the plan run was cancelled. Each started service gets its own run (row, lock,
 * journal), as a single run would. Runs in the engine's transaction, under the plan run's row lock.
 */
@Service
public class PlanScheduler {

  /** What a service's turn comes to. */
  public sealed interface Decision permits Start, Skip, Wait {
  }

  /** It starts now, as run {@code runId}. */
  public record Start(String runId) implements Decision {
  }

  /** It does not run; {@code why} says so. */
  public record Skip(String why) implements Decision {
  }

  /** It waits for room in {@code what}. */
  public record Wait(String what) implements Decision {
  }

  private final PlanStore store;
  private final Plans plans;
  private final Inventory inventory;
  private final ServiceStateStore states;
  private final RunStore runs;
  private final Journal journal;
  private final ApprovalRules approvals;
  private final PlanProperties properties;
  private final AuditTrail audit;
  private final TransactionTemplate own;
  private final io.micrometer.core.instrument.MeterRegistry metrics;
  /** Looked up when a service starts: the engine's beans depend on this scheduler, and it on the engine. */
  private final org.springframework.beans.factory.ObjectProvider<io.drover.operation.ProcedureFingerprint> fingerprints;

  public PlanScheduler(PlanStore store, Plans plans, Inventory inventory, ServiceStateStore states, RunStore runs,
      Journal journal, ApprovalRules approvals, PlanProperties properties, AuditTrail audit,
      PlatformTransactionManager transactions, io.micrometer.core.instrument.MeterRegistry metrics,
      org.springframework.beans.factory.ObjectProvider<io.drover.operation.ProcedureFingerprint> fingerprints) {
    this.metrics = metrics;
    this.fingerprints = fingerprints;
    this.store = store;
    this.plans = plans;
    this.inventory = inventory;
    this.states = states;
    this.runs = runs;
    this.journal = journal;
    this.approvals = approvals;
    this.properties = properties;
    this.audit = audit;
    this.own = new TransactionTemplate(transactions);
    own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** How soon a waiting service looks again if no service of its plan ends first. */
  public Duration recheck() {
    return properties.recheck();
  }

  public Decision admit(String planRunId, String service) {
    store.lock(planRunId);
    PlanRun run = store.find(planRunId).orElseThrow(() -> new IllegalStateException(PlanLogger.LOG.unknownPlanRun(planRunId)));
    PlanRun.Entry entry = run.entry(service);
    if (entry.runId() != null) {
      return new Start(entry.runId());
    }
    if (entry.ended()) {
      return new Skip(entry.note());
    }
    String skip = skipReason(run, entry);
    if (skip != null) {
      store.ended(planRunId, service, "SKIPPED", skip);
      log(planRunId, String.format("%-22s %s: %s", "SERVICE_SKIPPED", service, skip));
      return new Skip(skip);
    }
    String full = fullResources(run, entry);
    if (full != null) {
      if (!"WAITING".equals(entry.state()) || !full.equals(entry.waitingOn())) {
        // the job ends without committing (it is looked at again): the waiting state is written on its own
        own.executeWithoutResult(s -> store.state(planRunId, service, "WAITING", full));
      }
      return new Wait(full);
    }
    Action action = Action.parse(run.action()).orElseThrow();
    String runId = UUID.randomUUID().toString();
    states.ensure(service);
    if (!states.lock(service, action.requires(), runId)) {
      ServiceState state = states.find(service).orElseThrow();
      String why = "not started: " + service + " is " + (state.lockRunId() != null ? "held by run " + state.lockRunId()
          : state.unfencedRunId() != null ? ServiceState.PRIMARY_NOT_FENCED + " after takeover " + state.unfencedRunId()
          : state.cleanupRunId() != null ? ServiceState.CLEANUP_INCOMPLETE + " after rehearsal " + state.cleanupRunId()
          : state.status() + " on its " + state.activeSite().name().toLowerCase() + " site");
      store.ended(planRunId, service, "FAILED", why);
      log(planRunId, String.format("%-22s %s: %s", "SERVICE_FAILED", service, why));
      return new Skip(why);
    }
    String reason = "plan " + run.plan() + " run " + planRunId + (run.reason() == null ? "" : ": " + run.reason());
    runs.insert(runId, service, action, Run.RUNNING, run.requestedBy(), run.origin(), reason);
    runs.fingerprint(runId, fingerprints.getObject().of(inventory.service(service).orElseThrow()));
    store.started(planRunId, service, runId);
    audit.append("REQUESTED", run.requestedBy(), run.origin(), service, runId, run.action() + ": " + reason);
    log(planRunId, String.format("%-22s %s as run %s", "SERVICE_STARTED", service, runId));
    log(runId, String.format("%-22s service=%s action=%s requestedBy=%s origin=%s procedure=%s-%s plan=%s"
        + " planRun=%s%s", "RUN_ADMITTED", service, run.action(), run.requestedBy(), run.origin(), service,
        run.action(), run.plan(), planRunId, run.approvedBy() == null ? "" : " approvedBy=" + run.approvedBy()));
    return new Start(runId);
  }

  /** The variables a started service's procedure begins with, as a single run's. */
  public Map<String, Object> variables(String planRunId, String service) {
    PlanRun run = store.find(planRunId).orElseThrow();
    return Preflight.runVariables(inventory.service(service).orElseThrow(), run.action(), run.entry(service).runId(),
        approvals.group(service));
  }

  public String runId(String planRunId, String service) {
    return store.find(planRunId).map(r -> r.entry(service).runId()).orElse(null);
  }

  /**
   * Records how a service's run ended, from its run row.
   *
   * @return the services of the plan run waiting for capacity, which may now have room
   */
  public List<String> settle(String planRunId, String service) {
    PlanRun run = store.find(planRunId).orElseThrow();
    PlanRun.Entry entry = run.entry(service);
    if (entry.runId() != null && !entry.ended()) {
      Run done = runs.find(entry.runId()).orElseThrow();
      String state = done.outcome() == null ? "FAILED" : done.outcome().name();
      String note = done.failedStep() != null ? "failed at " + done.failedStep()
          : done.warnings() > 0 ? done.warnings() + " step(s) failed under WARN" : null;
      store.ended(planRunId, service, state, note);
      log(planRunId, String.format("%-22s %s: %s%s", "SERVICE_ENDED", service, state,
          note == null ? "" : " (" + note + ")"));
    }
    return run.services().stream().filter(e -> "WAITING".equals(e.state())).map(PlanRun.Entry::service).toList();
  }

  /**
   * Ends the plan run when its procedure ends: services that never started are SKIPPED, and the
   * outcome follows from the services' states.
   *
   * @param cancelled the procedure was cancelled (e.g. in Cockpit) rather than completed
   */
  public String finish(String planRunId, boolean cancelled, String actor) {
    PlanRun run = store.find(planRunId).orElseThrow();
    if (PlanRun.ENDED.equals(run.status())) {
      return run.outcome();
    }
    boolean approved = !PlanRun.AWAITING_APPROVAL.equals(run.status());
    for (PlanRun.Entry e : run.services()) {
      if (e.runId() == null && !e.ended()) {
        store.ended(planRunId, e.service(), "SKIPPED", approved ? "plan run ended before it started" : "plan run not"
            + " approved");
      } else if (e.runId() != null && !e.ended()) {
        settle(planRunId, e.service());
      }
    }
    run = store.find(planRunId).orElseThrow();
    String outcome = outcome(run, cancelled || !approved);
    store.end(planRunId, outcome);
    metrics.counter("drover.plan.runs", "plan", run.plan(), "action", run.action(), "outcome", outcome).increment();
    List<String> notDone = run.services().stream().filter(e -> !e.succeeded())
        .map(e -> e.service() + " " + e.state()).toList();
    log(planRunId, String.format("%-22s outcome=%s plan=%s action=%s by=%s%s", "PLAN_ENDED", outcome,
        run.plan(), run.action(), actor, notDone.isEmpty() ? "" : " not done: " + String.join(", ", notDone)));
    audit.append("PLAN_ENDED", actor, null, "plan:" + run.plan(), planRunId, run.action() + " " + outcome
        + ", requested by " + run.requestedBy());
    return outcome;
  }

  /**
   * Writes a run log line once the engine's transaction has committed: the journal writes on a
   * connection of its own, which it must not wait for while this transaction holds the audit chain.
   */
  private void log(String runId, String line) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          journal.log(runId, line);
        }
      });
    } else {
      journal.log(runId, line);
    }
  }

  static String outcome(PlanRun run, boolean aborted) {
    long succeeded = run.services().stream().filter(PlanRun.Entry::succeeded).count();
    boolean warnings = run.services().stream().anyMatch(e -> "SUCCEEDED_WITH_WARNINGS".equals(e.state()));
    if (aborted || PlanRun.CANCELLING.equals(run.status())) {
      return "ABORTED";
    }
    if (succeeded == run.services().size()) {
      return warnings ? "SUCCEEDED_WITH_WARNINGS" : "SUCCEEDED";
    }
    return succeeded == 0 ? "FAILED" : "PARTIAL";
  }

  private static String skipReason(PlanRun run, PlanRun.Entry entry) {
    if (PlanRun.CANCELLING.equals(run.status())) {
      return "not started: plan run cancelled by " + run.cancelledBy();
    }
    for (String d : entry.dependsOn()) {
      PlanRun.Entry before = run.entry(d);
      if ("SKIPPED".equals(before.state())) {
        return "not started: " + d + ", which it depends on, was skipped";
      }
      if (!before.succeeded() && before.critical()) {
        return "not started: " + d + ", which it depends on and is critical, ended " + before.state();
      }
    }
    return null;
  }

  /** What has no room for the service now (the plan's maxParallel, a resource), or null. */
  private String fullResources(PlanRun run, PlanRun.Entry entry) {
    PlanSpec plan = plans.plan(run.plan()).orElseThrow(() -> new IllegalStateException(PlanLogger.LOG.planGone(run.plan(),
        run.id())));
    List<PlanRun.Entry> running = run.services().stream().filter(e -> "RUNNING".equals(e.state())).toList();
    List<String> full = new ArrayList<>();
    if (running.size() >= plan.maxParallel()) {
      full.add(PlanSpec.PARALLEL + " (" + running.size() + " of " + plan.maxParallel() + " running)");
    }
    Map<String, Integer> inUse = new LinkedHashMap<>();
    running.forEach(e -> e.uses().forEach(r -> inUse.merge(r, 1, Integer::sum)));
    for (String resource : entry.uses()) {
      int capacity = plan.resources().getOrDefault(resource, Integer.MAX_VALUE);
      int used = inUse.getOrDefault(resource, 0);
      if (used >= capacity) {
        full.add(resource + " (" + used + " of " + capacity + " in use)");
      }
    }
    return full.isEmpty() ? null : String.join(", ", full);
  }
}
