package io.drover.operation;

import java.util.Map;

/** Starts the BPMN procedure of a run; implemented by the engine adapter. */
public interface ProcedureLauncher {

  /** Whether a procedure with this id is deployed. */
  boolean isDeployed(String procedureId);

  /**
   * Starts the procedure in the caller's transaction.
   *
   * @return the process instance id
   */
  String start(String procedureId, String runId, Map<String, Object> variables);
}
