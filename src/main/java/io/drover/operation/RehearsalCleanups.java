package io.drover.operation;

import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.step.RehearsalSteps;
import io.drover.journal.StepAttempt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Whether a rehearsal cleaned up after itself, when it ends: a cleanup step that failed (or never ran
 * after a cancel) leaves the run CLEANUP_INCOMPLETE with its leftovers and the service held; a
 * cleanup run that succeeds releases it (CLEANED_UP). A rehearsal cancelled after its steps ran gets a
 * cleanup run at once ({@link CleanupNeeded}).
 */
@Service
public class RehearsalCleanups {

  private final RunStore runs;
  private final ServiceStateStore states;
  private final Journal journal;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;

  public RehearsalCleanups(RunStore runs, ServiceStateStore states, Journal journal, AuditTrail audit,
      ApplicationEventPublisher events) {
    this.runs = runs;
    this.states = states;
    this.journal = journal;
    this.audit = audit;
    this.events = events;
  }

  /**
   * What a rehearsal's attempts say of its cleanup.
   *
   * @param leftovers what remains on the hosts, one entry each (empty when clean)
   * @param needsRun a cleanup run must still start: the rehearsal was cancelled before its cleanup finished
   */
  public record Assessment(boolean clean, List<String> leftovers, boolean needsRun) {

    static final Assessment CLEAN = new Assessment(true, List.of(), false);
  }

  /** Published, in the ending run's transaction, when a cancelled rehearsal needs a cleanup run. */
  public record CleanupNeeded(String service, String runId) {
  }

  /**
   * Clean when every cleanup step's last attempt succeeded and the run was not cancelled after a step
   * ran; otherwise the leftovers: the {@code leftover:} lines of each cleanup step that failed (or
   * the step and its host when it printed none), or, after a cancel, what the steps that ran may have
   * made. A cancelled rehearsal needs a cleanup run; a cancelled cleanup run leaves its rehearsal's
   * leftovers in place.
   */
  public static Assessment assess(boolean aborted, boolean cleanupRun, List<StepAttempt> attempts) {
    if (aborted) {
      if (attempts.isEmpty() && !cleanupRun) {
        return Assessment.CLEAN;
      }
      Set<String> ran = new LinkedHashSet<>();
      attempts.forEach(a -> ran.add(label(a) + " on " + a.host()));
      return new Assessment(false, List.of(cleanupRun ? "the cleanup was cancelled before it finished"
          + (ran.isEmpty() ? "" : " (ran: " + String.join(", ", ran) + ")") : "whatever these steps made before the"
          + " cancel: " + String.join(", ", ran)), !cleanupRun);
    }
    java.util.Map<String, StepAttempt> lastOfEach = new java.util.LinkedHashMap<>();
    attempts.stream().filter(a -> RehearsalSteps.isCleanup(a.stepId())).forEach(a -> lastOfEach.put(a.stepId(), a));
    List<String> leftovers = new ArrayList<>();
    for (StepAttempt last : lastOfEach.values()) {
      if (StepAttempt.SUCCEEDED.equals(last.status())) {
        continue;
      }
      List<String> listed = RehearsalSteps.lines(last.stderrTail(), RehearsalSteps.LEFTOVER);
      leftovers.addAll(listed.isEmpty() ? List.of("what " + label(last) + " should have removed on " + last.host()
          + " (" + last.status() + (last.message() == null ? "" : ": " + last.message()) + ")") : listed);
    }
    return leftovers.isEmpty() ? Assessment.CLEAN : new Assessment(false, leftovers, false);
  }

  /** Records what the ended rehearsal {@code run} left, in the engine's transaction. */
  public void ended(Run run, Assessment assessment, String actor) {
    if (assessment.clean()) {
      if (run.cleanupOf() != null) {
        states.clearCleanup(run.service());
        String detail = "rehearsal " + run.cleanupOf() + " cleaned up by run " + run.id() + "; " + run.service()
            + " may be rehearsed and failed over again";
        journal.log(run.id(), String.format("%-22s %s", "CLEANED_UP", detail));
        audit.append("CLEANED_UP", actor, null, run.service(), run.id(), detail);
      }
      return;
    }
    String listed = String.join("\n", assessment.leftovers());
    runs.leftovers(run.id(), listed.length() <= 4000 ? listed : listed.substring(0, 3990) + "\n...");
    states.markCleanupIncomplete(run.service(), run.id());
    String detail = "left on the hosts: " + String.join("; ", assessment.leftovers()) + (assessment.needsRun()
        && run.cleanupOf() == null ? "; Drover starts its cleanup now" : "; remove them or fix the cause, then run:"
        + " drover cleanup " + run.id());
    journal.log(run.id(), String.format("%-22s %s", RunOutcome.CLEANUP_INCOMPLETE, detail));
    journal.event(run.service(), run.id(), RunOutcome.CLEANUP_INCOMPLETE.name(), actor, detail);
    audit.append(RunOutcome.CLEANUP_INCOMPLETE.name(), actor, null, run.service(), run.id(), detail);
    if (assessment.needsRun() && run.cleanupOf() == null) {
      events.publishEvent(new CleanupNeeded(run.service(), run.id()));
    }
  }

  private static String label(StepAttempt a) {
    return a.stepName() == null ? a.stepId() : a.stepName();
  }
}
