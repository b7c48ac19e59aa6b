package io.drover.execution;

import io.drover.step.StepFailure;
import java.time.Duration;

/**
 * What a pass through a step comes to, for the engine adapter to translate (a completed task, a job
 * retry, an error event, a decision task, a job run again later). A pass whose open attempt is
 * abandoned (it never reached its host, or its step type checks its target before acting) makes a
 * new attempt, and comes to that attempt's outcome.
 */
public sealed interface StepOutcome {

  /** The step ran and succeeded. */
  record Succeeded() implements StepOutcome {
  }

  /** An attempt Drover had lost track of (or watched) ended well on its host: taken as the step's result. */
  record Adopted() implements StepOutcome {
  }

  /** The attempt failed with attempts left: the engine runs the step again after the retry delay. */
  record Retry(int attempt, int maxAttempts, StepFailure failure) implements StepOutcome {
  }

  /** The policy says DIE: the run fails here. */
  record Died(StepFailure failure) implements StepOutcome {
  }

  /** The policy says WARN: the run goes on, marked as warned. */
  record Warned(StepFailure failure) implements StepOutcome {
  }

  /** The policy says ASK: an operator decides (retry, skip, abort), shown what failed where. */
  record Ask(String host, String command, StepFailure failure) implements StepOutcome {
  }

  /** The command runs on, detached, on its host: look again after {@code pause}. */
  record Watch(int attempt, String host, Duration pause) implements StepOutcome {
  }
}
