package io.drover.execution;

import io.drover.journal.AttemptOutcome;
import io.drover.journal.Journal;
import io.drover.journal.StepAttempt;
import java.util.List;

/** The attempt log in Drover's journal (PostgreSQL). */
public final class JournalAttemptLog implements AttemptLog {

  private final Journal journal;
  private final HostCredentials credentials;

  public JournalAttemptLog(Journal journal) {
    this(journal, (runId, host) -> null);
  }

  /** Each attempt's row names how Drover logged in to its host, as {@code credentials} says. */
  public JournalAttemptLog(Journal journal, HostCredentials credentials) {
    this.journal = journal;
    this.credentials = credentials;
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
    return journal.attemptStarted(key.runId(), key.stepId(), key.stepName(), key.jobId(), attempt, host, command,
        credentials.of(key.runId(), host));
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
