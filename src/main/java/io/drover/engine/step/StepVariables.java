package io.drover.engine.step;

/** Names of process variables and BPMN properties Drover uses; the one place that defines them. */
public final class StepVariables {

  /** Process variable: the run's id (also the business key). */
  public static final String RUN_ID = "runId";
  /** Process variable: migrate, takeover or failback. */
  public static final String OPERATION = "operation";
  /** Process variable: the service name. */
  public static final String SERVICE = "service";
  /** camunda:property on a service task or process: delay between RETRY attempts. */
  public static final String RETRY_DELAY = "retryDelay";
  /** Error code thrown when a step fails for good; caught by the step's boundary event. */
  public static final String STEP_FAILED = "DROVER_STEP_FAILED";
  /** Activity property holding the parsed {@link io.drover.step.FailurePolicy}. */
  public static final String POLICY_PROPERTY = "droverFailurePolicy";

  /** Process variables shown by the operator's decision form after an ASK step failed. */
  static final String FAILED_STEP = "failedStep";
  public static final String FAILED_STEP_NAME = "failedStepName";
  static final String FAILED_HOST = "failedHost";
  static final String FAILED_COMMAND = "failedCommand";
  static final String FAILED_EXIT_CODE = "failedExitCode";
  static final String FAILED_REASON = "failedReason";
  static final String FAILED_STDERR = "failedStderr";
  /** The operator's decision: {@code retry}, {@code skip} or {@code abort}. */
  public static final String DECISION = "decision";
  /** Why the operator decided so; required. */
  public static final String DECISION_REASON = "decisionReason";
  /** The Camunda Form of an operator's decision on a failed ASK step. */
  public static final String DECISION_FORM = "drover-step-decision";

  private StepVariables() {
  }
}
