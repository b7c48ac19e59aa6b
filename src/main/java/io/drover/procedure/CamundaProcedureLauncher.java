package io.drover.procedure;

import io.drover.operation.ProcedureLauncher;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/** Starts procedures as Camunda process instances; the run id is the business key. */
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
}
