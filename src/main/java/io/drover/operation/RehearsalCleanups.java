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
   * Clean when every cleanup step's last attempt succeeded (or, with no cleanup step, when the
   * rehearsal was not cancelled after a step ran); otherwise the leftovers: the {@code leftover:}
   * lines of each cleanup step that failed, or the step and its host when it printed none.
   */
  public static Assessment assess(boolean aborted, List<StepAttempt> attempts) {
    java.util.Map<String, StepAttempt> lastOfEach = new java.util.LinkedHashMap<>();
    attempts.stream().filter(a -> RehearsalSteps.isCleanup(a.stepId())).forEach(a -> lastOfEach.put(a.stepId(), a));
    if (!lastOfEach.isEmpty()) {
      List<String> leftovers = new ArrayList<>();
      for (StepAttempt last : lastOfEach.values()) {
        if (StepAttempt.SUCCEEDED.equals(last.status())) {
          continue;
        }
        List<String> listed = RehearsalSteps.lines(last.stderrTail(), RehearsalSteps.LEFTOVER);
        leftovers.addAll(listed.isEmpty() ? List.of("what " + label(last) + " should have removed on " + last.host()
            + " (" + (last.ended() ? last.status() + (last.message() == null ? "" : ": " + last.message())
            : "cancelled while it ran") + ")") : listed);
      }
      return leftovers.isEmpty() ? Assessment.CLEAN : new Assessment(false, leftovers, aborted);
    }
    Set<String> ran = new LinkedHashSet<>();
    attempts.forEach(a -> ran.add(label(a) + " on " + a.host()));
    if (aborted && !ran.isEmpty()) {
      return new Assessment(false, List.of("whatever these steps made before the cancel: " + String.join(", ", ran)),
          true);
    }
    return Assessment.CLEAN;
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
    runs.leftovers(run.id(), String.join("\n", assessment.leftovers()));
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
