package io.drover.operation;

import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.remote.RunConnections;
import org.springframework.stereotype.Service;

/**
 * Ends a run when its procedure ends: outcome from what the steps recorded, new active site on
 * success, IN_DOUBT otherwise, lock released, sessions closed. Runs in the engine's transaction.
 */
@Service
public class RunFinisher {

  private final RunStore runs;
  private final ServiceStateStore states;
  private final Journal journal;
  private final RunConnections connections;
  private final AuditTrail audit;

  private final io.micrometer.core.instrument.MeterRegistry metrics;
  private final io.drover.inventory.Inventory inventory;
  private final org.springframework.context.ApplicationEventPublisher events;
  private final RehearsalCleanups cleanups;

  public RunFinisher(RunStore runs, ServiceStateStore states, Journal journal, RunConnections connections,
      AuditTrail audit, io.micrometer.core.instrument.MeterRegistry metrics, io.drover.inventory.Inventory inventory,
      org.springframework.context.ApplicationEventPublisher events, RehearsalCleanups cleanups) {
    this.events = events;
    this.cleanups = cleanups;
    this.metrics = metrics;
    this.inventory = inventory;
    this.audit = audit;
    this.runs = runs;
    this.states = states;
    this.journal = journal;
    this.connections = connections;
  }

  /**
   * @param aborted the procedure was cancelled or rejected rather than completed
   * @param actor who ended it ({@code drover} when the procedure completed)
   */
  public RunOutcome finish(String runId, boolean aborted, String actor) {
    Run run = runs.find(runId).orElseThrow(() -> new IllegalStateException(RunLogger.LOG.unknownRun(runId)));
    RunOutcome outcome;
    if (aborted) {
      outcome = RunOutcome.ABORTED;
    } else if (run.failedStep() != null) {
      outcome = RunOutcome.FAILED;
    } else if (run.warnings() > 0) {
      outcome = RunOutcome.SUCCEEDED_WITH_WARNINGS;
    } else {
      outcome = RunOutcome.SUCCEEDED;
    }
    RehearsalCleanups.Assessment cleanup = run.action().rehearsal()
        ? RehearsalCleanups.assess(aborted, run.cleanupOf() != null, journal.attempts(runId)) : null;
    if (cleanup != null && !cleanup.clean() && !aborted) {
      outcome = RunOutcome.CLEANUP_INCOMPLETE;
    }
    if (!runs.end(runId, outcome)) {
      return run.outcome();
    }
    count(run, outcome);
    if (run.action().rehearsal()) {
      // a rehearsal touched no production: the service stays active where it was, whatever the outcome
      states.releaseUnchanged(run.service(), runId);
      cleanups.ended(run, cleanup, actor);
      events.publishEvent(new RehearsalEnded(run.service(), runId, outcome));
    } else if (outcome.success()) {
      states.release(run.service(), runId, run.action().target());
    } else {
      states.releaseInDoubt(run.service(), runId, run.lastGoodStep());
    }
    if (outcome.success()) {
      fencing(run, actor);
    }
    String site = outcome.success() || run.action().rehearsal() ? run.action().target().name() : "IN_DOUBT";
    journal.log(runId, String.format("%-22s outcome=%s service=%s state=%s warnings=%d by=%s", "RUN_ENDED", outcome,
        run.service(), site, run.warnings(), actor));
    audit.append("RUN_ENDED", actor, null, run.service(), runId, run.action().id() + " " + outcome
        + (aborted ? " (cancelled)" : "") + ", requested by " + run.requestedBy());
    if (aborted) {
      journal.event(run.service(), runId, "RUN_ABORTED", actor, "run " + runId + " aborted");
    }
    connections.closeRun(runId);
    return outcome;
  }

  /**
   * A takeover that went on past a failed step on a primary host (WARN: the primary was unreachable,
   * so it was neither fenced nor stopped) marks the service PRIMARY_NOT_FENCED: once the primary comes
   * back the application may run on both sites. Only a person clears the mark ({@code drover fenced}),
   * not a later run (which starts only with {@code force}).
   */
  private void fencing(Run run, String actor) {
    if (run.action() != Action.TAKEOVER) {
      return;
    }
    java.util.List<String> primary = inventory.service(run.service()).map(s -> s.primary().hosts())
        .orElse(java.util.List.of());
    java.util.List<String> unfenced = journal.attempts(run.id()).stream()
        .filter(a -> "WARN".equals(a.verdict()) && primary.contains(a.host()))
        .map(a -> a.stepName() + " on " + a.host()).distinct().toList();
    if (unfenced.isEmpty()) {
      return;
    }
    states.markUnfenced(run.service(), run.id());
    String detail = "takeover went on past failed primary-side steps (" + String.join(", ", unfenced) + "): the"
        + " primary was not fenced or stopped; fence it, then run: drover fenced " + run.service() + " --reason ...";
    journal.log(run.id(), String.format("%-22s %s", ServiceState.PRIMARY_NOT_FENCED, detail));
    journal.event(run.service(), run.id(), ServiceState.PRIMARY_NOT_FENCED, actor, detail);
    audit.append(ServiceState.PRIMARY_NOT_FENCED, actor, null, run.service(), run.id(), detail);
  }

  /** {@code drover_runs_total} by action and outcome. */
  private void count(Run run, RunOutcome outcome) {
    metrics.counter("drover.runs", "action", run.action().id(), "outcome", outcome.name()).increment();
  }

  /** Whether the run's row records an approval (a run that needed none has no approver). */
  public boolean approved(String runId) {
    return runs.find(runId).map(run -> run.approvedBy() != null).orElse(false);
  }

  /**
   * Ends a run that was never approved: ABORTED, and the service released where it was, since no
   * step ran.
   */
  public void abortUnapproved(String runId, String actor, String why) {
    Run run = runs.find(runId).orElseThrow(() -> new IllegalStateException(RunLogger.LOG.unknownRun(runId)));
    if (!runs.end(runId, RunOutcome.ABORTED)) {
      return;
    }
    count(run, RunOutcome.ABORTED);
    states.releaseUnchanged(run.service(), runId);
    journal.log(runId, String.format("%-22s outcome=%s service=%s state=unchanged by=%s: %s", "RUN_ENDED",
        RunOutcome.ABORTED, run.service(), actor, why));
    journal.event(run.service(), runId, "RUN_ABORTED", actor, "run " + runId + " not approved: " + why);
    audit.append("RUN_ENDED", actor, null, run.service(), runId, run.action().id() + " " + RunOutcome.ABORTED
        + " (not approved: " + why + "), requested by " + run.requestedBy());
  }
}
