package io.drover.engine;

import io.drover.engine.step.RunOfInstance;
import io.drover.engine.step.StepVariables;
import io.drover.approval.engine.ApprovalRefusedException;
import io.drover.approval.ApprovalVariables;
import io.drover.operation.Run;
import io.drover.operation.RunStore;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The approval's last step ({@code ${startApprovedProcedure}}): starts the run's procedure with the
 * run's variables, same business key; the procedure and the approval come from the run's row, which
 * the approval listener marked approved.
 */
@Component("startApprovedProcedure")
class ApprovedProcedureStart implements JavaDelegate {

  private final RunOfInstance runOf;
  private final RunStore runs;

  ApprovedProcedureStart(RunOfInstance runOf, RunStore runs) {
    this.runOf = runOf;
    this.runs = runs;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Run run = runOf.of(execution);
    if (!Run.RUNNING.equals(run.status()) || run.approvedBy() == null) {
      throw new ApprovalRefusedException(EngineLogger.LOG.notApproved(run.id(), run.status()));
    }
    Map<String, Object> variables = new HashMap<>(execution.getVariables());
    variables.keySet().removeAll(ApprovalVariables.APPROVAL_ONLY);
    variables.put(StepVariables.RUN_ID, run.id());
    variables.put(StepVariables.SERVICE, run.service());
    variables.put(StepVariables.OPERATION, run.action().id());
    String instance = execution.getProcessEngineServices().getRuntimeService()
        .startProcessInstanceByKey(run.procedure(), run.id(), variables).getId();
    runs.attachProcess(run.id(), instance);
  }
}
