package io.drover.approval;

import io.drover.codes.DroverLogger;

/** The coded messages of four-eyes approvals ({@code DROVER-APPROVAL-nnn}). */
public final class ApprovalLogger extends DroverLogger {

  public static final ApprovalLogger LOG = new ApprovalLogger();

  private ApprovalLogger() {
    super("io.drover.approval");
  }

  public String refused(String why) {
    return "DROVER-APPROVAL-001 " + why;
  }

  public String badDecision() {
    return "DROVER-APPROVAL-002 approvalDecision must be approve or reject";
  }

  public String decisionWithoutReason() {
    return "DROVER-APPROVAL-003 a decision needs a reason (approvalReason)";
  }

  /** @param what "run ID" or "plan run ID" */
  public String notAwaitingApproval(String what, String status) {
    return "DROVER-APPROVAL-004 " + what + " is " + status + ", not awaiting approval";
  }

  public String reasonTooLong(int length, int max) {
    return "DROVER-APPROVAL-006 the reason has " + length + " characters; at most " + max + " are kept: shorten it";
  }
}
