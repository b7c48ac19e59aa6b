package io.drover.approval.engine;

import io.drover.approval.ApprovalLogger;
import io.drover.approval.ApprovalVariables;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * What an approval task's completion says, for the run's and the plan's approval listeners alike:
 * who decides (the engine's current user and groups), and the form's decision and reason, checked.
 */
record ApprovalForm(String approver, List<String> groups, boolean approved, String reason) {

  private static final Set<String> CHOICES = Set.of("approve", "reject");

  /** The person completing the task, with their groups (roles count as groups); null when nobody is signed in. */
  static ApprovalForm decider(DelegateTask task) {
    Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return new ApprovalForm(auth == null ? null : auth.getUserId(),
        auth == null || auth.getGroupIds() == null ? List.of() : auth.getGroupIds(), false, null);
  }

  /** The form's decision and reason, refused with the field to fix; records who decided on the task. */
  ApprovalForm decision(DelegateTask task) {
    Object decision = task.getVariable(ApprovalVariables.APPROVAL_DECISION);
    Object reason = task.getVariable(ApprovalVariables.APPROVAL_REASON);
    if (decision == null || !CHOICES.contains(decision.toString())) {
      throw new FormFieldValidationException(ApprovalVariables.APPROVAL_DECISION,
          ApprovalLogger.LOG.badDecision());
    }
    if (reason == null || reason.toString().isBlank()) {
      throw new FormFieldValidationException(ApprovalVariables.APPROVAL_REASON,
          ApprovalLogger.LOG.decisionWithoutReason());
    }
    if (reason.toString().length() > io.drover.operation.Reason.MAX) {
      throw new FormFieldValidationException(ApprovalVariables.APPROVAL_REASON, ApprovalLogger.LOG.reasonTooLong(
          reason.toString().length(), io.drover.operation.Reason.MAX));
    }
    task.setVariable(ApprovalVariables.APPROVED_BY, approver);
    return new ApprovalForm(approver, groups, "approve".equals(decision), reason.toString());
  }

  /** APPROVED or REJECTED. */
  String kind() {
    return approved ? "APPROVED" : "REJECTED";
  }
}
