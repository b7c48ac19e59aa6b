package io.drover.engine;

import io.drover.operation.RunFinisher;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Ends the run when its process instance ends, completed or cancelled (from Cockpit too: it is a
 * built-in listener, so "skip custom listeners" does not skip it).
 */
class RunEndListener implements ExecutionListener {

  private final RunFinisher finisher;

  RunEndListener(RunFinisher finisher) {
    this.finisher = finisher;
  }

  @Override
  public void notify(DelegateExecution execution) {
    if (!execution.getId().equals(execution.getProcessInstanceId())) {
      return;
    }
    String runId = execution.getProcessBusinessKey();
    if (runId == null) {
      return;
    }
    Authentication auth = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String actor = auth == null ? "drover" : auth.getUserId();
    finisher.finish(runId, execution.isCanceled(), actor);
  }
}
