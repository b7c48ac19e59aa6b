package io.drover.procedure;

import io.drover.operation.ProcedureLauncher;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * Starts procedures, or their approval first, as Camunda process instances; the run id is the
 * business key of both.
 */
@Component
class CamundaProcedureLauncher implements ProcedureLauncher {

  private final RepositoryService repository;
  private final RuntimeService runtime;

  CamundaProcedureLauncher(RepositoryService repository, RuntimeService runtime) {
    this.repository = repository;
    this.runtime = runtime;
  }

  @Override
  public boolean isDeployed(String procedureId) {
    return repository.createProcessDefinitionQuery().processDefinitionKey(procedureId).latestVersion().count() > 0;
  }

  @Override
  public String start(String procedureId, String runId, Map<String, Object> variables) {
    return runtime.startProcessInstanceByKey(procedureId, runId, variables).getId();
  }

  @Override
  public void cancel(String processInstanceId, String reason) {
    if (runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0) {
      runtime.deleteProcessInstance(processInstanceId, reason);
    }
  }

  @Override
  public String plannedSteps(String procedureId) {
    String definition = repository.createProcessDefinitionQuery().processDefinitionKey(procedureId).latestVersion()
        .singleResult().getId();
    return PlannedSteps.text(PlannedSteps.of(repository.getBpmnModelInstance(definition), procedureId));
  }

  @Override
  public String startApproval(String procedureId, String runId, Map<String, Object> variables, Approval approval) {
    Map<String, Object> all = new HashMap<>(variables);
    all.put(StepVariables.PROCEDURE, procedureId);
    all.put(StepVariables.REQUESTED_BY, approval.requestedBy());
    all.put(StepVariables.REQUEST_REASON, approval.reason() == null ? "(none given)" : approval.reason());
    all.put(StepVariables.APPROVER_GROUP, approval.approverGroup());
    all.put(StepVariables.APPROVAL_TIMEOUT, approval.timeout().toString());
    all.put(StepVariables.PLANNED_STEPS, plannedSteps(procedureId));
    return runtime.startProcessInstanceByKey(StepVariables.APPROVAL_PROCESS, runId, all).getId();
  }
}
