package io.drover.approval;

/** Names of the variables of the built-in approval process; the one place that defines them. */
public final class ApprovalVariables {

  /** Variables of the built-in approval process {@code drover-approval}. */
  public static final String APPROVAL_PROCESS = "drover-approval";
  /** The form of a plan run's approval task. */
  public static final String PLAN_APPROVAL_FORM = "drover-plan-approval";
  public static final String PROCEDURE = "procedure";
  public static final String REQUESTED_BY = "requestedBy";
  public static final String REQUEST_REASON = "requestReason";
  public static final String APPROVER_GROUP = "approverGroup";
  public static final String APPROVAL_TIMEOUT = "approvalTimeout";
  public static final String PLANNED_STEPS = "plannedSteps";
  /** The approver's decision: {@code approve} or {@code reject}. */
  public static final String APPROVAL_DECISION = "approvalDecision";
  public static final String APPROVAL_REASON = "approvalReason";
  public static final String APPROVED_BY = "approvalDecidedBy";
  /** Variables of the approval that are not handed to the procedure. */
  public static final java.util.Set<String> APPROVAL_ONLY = java.util.Set.of(PROCEDURE, REQUESTED_BY, REQUEST_REASON,
      APPROVER_GROUP, APPROVAL_TIMEOUT, PLANNED_STEPS, APPROVAL_DECISION, APPROVAL_REASON, APPROVED_BY);

  private ApprovalVariables() {
  }
}
