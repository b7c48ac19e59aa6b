package io.drover.procedure;

import io.drover.operation.RunStore;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The approval's last step ({@code ${startApprovedProcedure}}): starts the run's procedure with the
 * run's variables, same business key, and marks the run running under its approver.
 */
@Component("startApprovedProcedure")
class ApprovedProcedureStart implements JavaDelegate {

  private final RunStore runs;

  ApprovedProcedureStart(RunStore runs) {
    this.runs = runs;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String runId = (String) execution.getVariable(StepVariables.RUN_ID);
    Map<String, Object> variables = new HashMap<>(execution.getVariables());
    variables.keySet().removeAll(StepVariables.APPROVAL_ONLY);
    String procedure = (String) execution.getVariable(StepVariables.PROCEDURE);
    String instance = execution.getProcessEngineServices().getRuntimeService()
        .startProcessInstanceByKey(procedure, execution.getProcessBusinessKey(), variables).getId();
    runs.approved(runId, (String) execution.getVariable(StepVariables.APPROVED_BY));
    runs.attachProcess(runId, instance);
  }
}
