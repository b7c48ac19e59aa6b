package io.drover.operation;

import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.step.RehearsalSteps;
import io.drover.preflight.Preflight;
import io.drover.security.AccessRules;
import io.drover.security.ApprovalRules;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Admits the cleanup of a rehearsal whose cleanup did not finish ({@code drover cleanup RUN}, and
 * by Drover itself after a cancel): a run of the service's rehearse procedure started at its
 * cleanup step ({@code Task_CleanUp}), so only the cleanup steps run. It has its own permission,
 * {@code cleanup}; the lock, the run row and the process instance are made in one transaction.
 */
@Service
public class CleanupAdmission {

  /** The step a cleanup run starts at. */
  static final String CLEANUP_STEP = RehearsalSteps.CLEANUP_PREFIX;
  static final String DROVER = "drover";

  private final RunStore runs;
  private final ServiceStateStore states;
  private final ProcedureLauncher launcher;
  private final Inventory inventory;
  private final AccessRules rules;
  private final ApprovalRules approvals;
  private final AuditTrail audit;
  private final Journal journal;
  private final TransactionTemplate transaction;

  public CleanupAdmission(RunStore runs, ServiceStateStore states, ProcedureLauncher launcher, Inventory inventory,
      AccessRules rules, ApprovalRules approvals, AuditTrail audit, Journal journal,
      PlatformTransactionManager transactions) {
    this.runs = runs;
    this.states = states;
    this.launcher = launcher;
    this.inventory = inventory;
    this.rules = rules;
    this.approvals = approvals;
    this.audit = audit;
    this.journal = journal;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * Starts the cleanup of rehearsal {@code rehearsalRunId}.
   *
   * @param caller the signed-in person, or null (open API, or Drover itself)
   */
  public Run admit(String rehearsalRunId, String requestedBy, String origin, String reason, AccessRules.Caller caller) {
    return transaction.execute(status -> start(rehearsalRunId, requestedBy, origin, reason, caller));
  }

  /**
   * States that a person removed a rehearsal's leftovers by hand (a procedure without cleanup steps,
   * or a cleanup that cannot succeed): the service is free again, audited CLEANED_UP with the reason.
   */
  public void done(String rehearsalRunId, String requestedBy, String origin, String reason, AccessRules.Caller caller) {
    if (reason == null || reason.isBlank()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "reason-required", "say how the leftovers were removed: --reason");
    }
    transaction.executeWithoutResult(status -> {
      Run rehearsal = outstanding(rehearsalRunId, caller);
      states.clearCleanup(rehearsal.service());
      String detail = "leftovers of rehearsal " + rehearsalRunId + " removed by hand, as " + requestedBy + " states: "
          + reason;
      journal.event(rehearsal.service(), rehearsalRunId, "CLEANED_UP", requestedBy, detail);
      audit.append("CLEANED_UP", requestedBy, origin, rehearsal.service(), rehearsalRunId, detail);
    });
  }

  /** The rehearsal whose cleanup is the service's outstanding one, once the caller may clean it up. */
  private Run outstanding(String rehearsalRunId, AccessRules.Caller caller) {
    Run rehearsal = runs.find(rehearsalRunId).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "unknown-run",
        "no run " + rehearsalRunId));
    String service = rehearsal.service();
    if (caller != null) {
      rules.refusal(caller, service, "cleanup").ifPresent(rule -> {
        throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", rule);
      });
    }
    ServiceState state = states.find(service).orElseThrow();
    if (state.cleanupRunId() == null) {
      throw new ApiProblem(HttpStatus.CONFLICT, "nothing-to-clean-up", "service " + service + " has no incomplete"
          + " cleanup: run " + rehearsalRunId + " left nothing to remove");
    }
    if (!state.cleanupRunId().equals(rehearsalRunId)) {
      throw new ApiProblem(HttpStatus.CONFLICT, "other-cleanup-outstanding", "the incomplete cleanup of " + service
          + " is that of run " + state.cleanupRunId() + ", not " + rehearsalRunId + ": drover cleanup "
          + state.cleanupRunId(), Map.of("cleanupRunId", state.cleanupRunId()));
    }
    return rehearsal;
  }

  private Run start(String rehearsalRunId, String requestedBy, String origin, String reason,
      AccessRules.Caller caller) {
    String service = outstanding(rehearsalRunId, caller).service();
    ServiceState state = states.find(service).orElseThrow();
    String procedure = service + "-" + Action.REHEARSE.id();
    if (!launcher.hasStep(procedure, CLEANUP_STEP)) {
      throw new ApiProblem(HttpStatus.CONFLICT, "no-cleanup-step", "procedure " + procedure + " has no step "
          + CLEANUP_STEP + " to start a cleanup at; remove the leftovers by hand, then: drover cleanup "
          + rehearsalRunId + " --done --reason ...");
    }
    ServiceSpec spec = inventory.service(service).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
        "unknown-service", "service '" + service + "' is no longer in the inventory"));
    String runId = UUID.randomUUID().toString();
    if (!states.lockForCleanup(service, rehearsalRunId, runId)) {
      throw new ApiProblem(HttpStatus.CONFLICT, "service-busy", "service " + service + " is held by run "
          + state.lockRunId() + "; wait for it to end (drover status " + state.lockRunId() + ")");
    }
    runs.insert(runId, service, Action.REHEARSE, Run.RUNNING, requestedBy, origin, reason);
    runs.cleanupOf(runId, rehearsalRunId);
    runs.attachProcess(runId, launcher.startAt(procedure, runId, Preflight.runVariables(spec, Action.REHEARSE.id(),
        runId, approvals.group(service)), CLEANUP_STEP));
    audit.append("CLEANUP_REQUESTED", requestedBy, origin, service, runId, "cleanup of rehearsal " + rehearsalRunId
        + (reason == null || reason.isBlank() ? "" : ": " + reason));
    String admitted = String.format("%-22s service=%s action=rehearse cleanupOf=%s requestedBy=%s origin=%s"
        + " procedure=%s from=%s", "RUN_ADMITTED", service, rehearsalRunId, requestedBy, origin, procedure, CLEANUP_STEP);
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        journal.log(runId, admitted);
      }
    });
    return runs.find(runId).orElseThrow();
  }

  /** A rehearsal was cancelled before its cleanup finished: Drover starts the cleanup, once that end committed. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
  void cancelled(RehearsalCleanups.CleanupNeeded needed) {
    Thread thread = new Thread(() -> {
      try {
        awaitStepsEnded(needed.runId());
        admit(needed.runId(), DROVER, null, "cleanup after the rehearsal was cancelled", null);
      } catch (RuntimeException e) {
        RunLogger.LOG.cleanupNotStarted(needed.runId(), needed.service(), e.getMessage());
      }
    }, "drover-cleanup-" + needed.runId());
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Waits (up to two minutes) until no step of the cancelled run still runs: a command the cancel did
   * not stop could otherwise make something after its cleanup removed everything.
   */
  private void awaitStepsEnded(String runId) {
    long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
    while (journal.attempts(runId).stream().anyMatch(a -> !a.ended()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
