package io.drover.engine;

import io.drover.codes.DroverLogger;
import io.drover.engine.step.StepVariables;
import io.drover.step.FailurePolicy;
import java.nio.file.Path;
import java.util.List;

/**
 * The coded messages of the engine wiring: deployment, the models' failure policies, forms, the
 * operator's decisions and stored filters ({@code DROVER-PROC}, {@code -BPMN}, {@code -FORM},
 * {@code -ASK}, {@code -FILTER}, {@code DROVER-APPROVAL-005}).
 */
public final class EngineLogger extends DroverLogger {

  public static final EngineLogger LOG = new EngineLogger();

  private EngineLogger() {
    super("io.drover.engine");
  }

  void noProcedures(Path dir) {
    log.warn("DROVER-PROC-001 no procedures found in {}; no run can start", dir);
  }

  String badPolicy(String where, String why) {
    return "DROVER-BPMN-001 " + where + ": " + why;
  }

  String retryCycleTooShort(String where, String modelled, FailurePolicy policy) {
    return "DROVER-BPMN-002 " + where + ": failedJobRetryTimeCycle '" + modelled + "' allows fewer attempts than"
        + " onFailure " + policy + " needs (R" + policy.maxAttempts() + "/...)";
  }

  String noErrorBoundary(String where, FailurePolicy policy) {
    return "DROVER-BPMN-003 " + where + " has onFailure " + policy + " but no error boundary event to continue from;"
        + " attach one (error code " + StepVariables.STEP_FAILED + ")";
  }

  String badRetryDelay(String where, String text) {
    return "DROVER-BPMN-004 " + where + ": retryDelay '" + text + "' is not an ISO-8601 duration such as PT10S";
  }

  String formFieldRefused(String why) {
    return "DROVER-FORM-001 " + why;
  }

  String badDecision() {
    return "DROVER-ASK-001 decision must be one of retry, skip, abort";
  }

  String decisionWithoutReason() {
    return "DROVER-ASK-002 a decision needs a reason (decisionReason)";
  }

  String decisionRefused(String why) {
    return "DROVER-ASK-003 " + why;
  }

  String notApproved(String runId, String status) {
    return "DROVER-APPROVAL-005 run " + runId + " was not approved (" + status + "); its procedure does not start";
  }

  /** Logs it as an error and returns the line. */
  String filterHoldsExpressions(String name, String id, String owner, List<String> expressions) {
    String line = "DROVER-FILTER-001 Camunda filter '" + name + "' (id " + id + ", owner " + owner
        + ") holds expressions (" + String.join(", ", expressions) + "): they are not evaluated (expressions in stored"
        + " queries are off) and Tasklist shows an error for it; delete it in Tasklist or with DELETE"
        + " /engine-rest/filter/" + id;
    log.error(line);
    return line;
  }
}
