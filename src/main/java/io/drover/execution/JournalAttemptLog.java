package io.drover.execution;

import io.drover.journal.AttemptOutcome;
import io.drover.journal.Journal;
import io.drover.journal.StepAttempt;
import java.util.List;

/** The attempt log in Drover's journal (PostgreSQL). */
public final class JournalAttemptLog implements AttemptLog {

  private final Journal journal;

  public JournalAttemptLog(Journal journal) {
    this.journal = journal;
  }

  @Override
  public List<StepAttempt> attemptsOfStep(String runId, String stepId) {
    return journal.attemptsOfStep(runId, stepId);
  }

  @Override
  public int attemptsOfJob(String jobId) {
    return journal.attemptsOfJob(jobId);
  }

  @Override
  public long attemptStarted(AttemptKey key, int attempt, String host, String command) {
    return journal.attemptStarted(key.runId(), key.stepId(), key.stepName(), key.jobId(), attempt, host, command);
  }

  @Override
  public void attemptEnded(AttemptOutcome outcome) {
    journal.attemptEnded(outcome);
  }

  @Override
  public void log(String runId, String text) {
    journal.log(runId, text);
  }
}
