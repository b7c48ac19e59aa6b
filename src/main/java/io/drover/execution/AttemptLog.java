package io.drover.execution;

import io.drover.journal.AttemptOutcome;
import io.drover.journal.StepAttempt;
import java.util.List;

/** The part of the journal the attempt state machine reads and writes (a port: {@link JournalAttemptLog}). */
public interface AttemptLog {

  List<StepAttempt> attemptsOfStep(String runId, String stepId);

  int attemptsOfJob(String jobId);

  /** @return the new attempt's id */
  long attemptStarted(AttemptKey key, int attempt, String host, String command);

  void attemptEnded(AttemptOutcome outcome);

  /** A line in the run's log. */
  void log(String runId, String text);
}
