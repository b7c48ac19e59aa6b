package io.drover.operation;

import java.util.Map;

/** Starts the BPMN procedure of a run; implemented by the engine adapter. */
public interface ProcedureLauncher {

  /** Whether a procedure with this id is deployed. */
  boolean isDeployed(String procedureId);

  /** The SHA-256 (hex) of the model of the procedure's latest deployed version, or null when none is deployed. */
  String modelHash(String procedureId);

  /**
   * Starts the procedure in the caller's transaction.
   *
   * @return the process instance id
   */
  String start(String procedureId, String runId, Map<String, Object> variables);

  /**
   * Starts the procedure before its step {@code stepId} (a rehearsal's cleanup), in the caller's
   * transaction: the steps before it do not run.
   *
   * @return the process instance id
   */
  String startAt(String procedureId, String runId, Map<String, Object> variables, String stepId);

  /** Whether the latest deployed version of the procedure has a step with this id. */
  boolean hasStep(String procedureId, String stepId);

  /**
   * Starts the approval of a run in the caller's transaction; the procedure starts once a second
   * person approves.
   *
   * @return the approval's process instance id
   */
  String startApproval(String procedureId, String runId, Map<String, Object> variables, Approval approval);

  /** The steps of a deployed procedure in flow order, one numbered line each, as an approver sees them. */
  String plannedSteps(String procedureId);

  /** Cancels a process instance (its end listeners record why); nothing when it has ended. */
  void cancel(String processInstanceId, String reason);

  /**
   * Decides the approval task of a run or plan run (business key) as {@code user} with
   * {@code groups} (roles count as groups), as Tasklist would: the approval's own rules apply.
   *
   * @throws ApprovalDecisionRefused when nothing awaits approval, the rules refuse, or the decision is not valid
   */
  void decideApproval(String businessKey, String user, java.util.Collection<String> groups, String decision,
      String reason);

  /** What an approver is shown and who may decide. */
  record Approval(String requestedBy, String reason, String approverGroup, java.time.Duration timeout) {
  }
}
