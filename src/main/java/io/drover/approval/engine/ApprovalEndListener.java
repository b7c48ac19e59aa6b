package io.drover.approval.engine;

import io.drover.approval.ApprovalVariables;
import io.drover.operation.RunFinisher;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Built-in end listener of the approval process: unless the run was approved (its procedure has
 * started), the run ends ABORTED (rejected, no decision in time, or the approval cancelled) and the
 * service is released where it was: no step ran.
 */
public class ApprovalEndListener implements ExecutionListener {

  static final String TIMED_OUT_END = "End_TimedOut";

  private final RunFinisher finisher;

  public ApprovalEndListener(RunFinisher finisher) {
    this.finisher = finisher;
  }

  /** True once the run's row says it was approved (the approval listener wrote it). */
  private boolean approved(String runId) {
    return finisher.approved(runId);
  }

  @Override
  public void notify(DelegateExecution execution) {
    if (!execution.getId().equals(execution.getProcessInstanceId())) {
      return;
    }
    String runId = execution.getProcessBusinessKey();
    if (approved(runId)) {
      return;
    }
    String actor;
    String why;
    if (execution.isCanceled()) {
      Authentication auth = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
      actor = auth == null ? "drover" : auth.getUserId();
      why = "approval cancelled";
    } else if (TIMED_OUT_END.equals(execution.getCurrentActivityId())) {
      actor = "drover";
      why = "no approval within " + execution.getVariable(ApprovalVariables.APPROVAL_TIMEOUT);
    } else {
      actor = (String) execution.getVariable(ApprovalVariables.APPROVED_BY);
      why = "rejected by " + actor + ": " + execution.getVariable(ApprovalVariables.APPROVAL_REASON);
    }
    finisher.abortUnapproved(runId, actor, why);
  }
}
