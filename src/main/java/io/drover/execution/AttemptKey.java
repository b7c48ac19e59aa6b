package io.drover.execution;

/**
 * Which pass through which step an attempt belongs to: the run, the step (its id and name in the
 * model) and the engine job that runs it (the same job across the retries of one pass).
 */
public record AttemptKey(String runId, String stepId, String stepName, String jobId) {

  /** The step's name, or its id when the model gives it none. */
  public String displayName() {
    return stepName == null ? stepId : stepName;
  }
}
