package io.drover.execution;

import io.drover.journal.StepAttempt;
import io.drover.step.FencedAttempts;
import io.drover.step.StepFailure;
import java.time.Duration;

/**
 * The fence's client side: what the host says became of an attempt Drover did not see end (a port:
 * {@link #of(FencedAttempts)} asks the host over SSH).
 */
public interface HostFence {

  /** Running, ended (with its result), never started, or in doubt (the host cannot be asked). */
  FencedAttempts.Resolution resolve(String runId, StepAttempt attempt);

  /** Stops an attempt that outlived its timeout, and says so as a failure. */
  StepFailure timedOut(String runId, StepAttempt attempt, Duration timeout);

  /** The attempt's fence directory on its host. */
  String dir(String runId, long attemptId);

  static HostFence of(FencedAttempts fenced) {
    return new HostFence() {
      @Override
      public FencedAttempts.Resolution resolve(String runId, StepAttempt attempt) {
        return fenced.resolve(runId, attempt);
      }

      @Override
      public StepFailure timedOut(String runId, StepAttempt attempt, Duration timeout) {
        return fenced.timedOut(runId, attempt, timeout);
      }

      @Override
      public String dir(String runId, long attemptId) {
        return fenced.dir(runId, attemptId);
      }
    };
  }
}
