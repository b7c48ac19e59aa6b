package io.drover.plan.engine;

import io.drover.plan.PlanScheduler;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Built-in end listener of a plan's procedure: ends the plan run, completed, rejected, timed out or
 * cancelled (from Cockpit too), with its outcome.
 */
public class PlanEndListener implements ExecutionListener {

  private final PlanScheduler scheduler;

  public PlanEndListener(PlanScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void notify(DelegateExecution execution) {
    if (!execution.getId().equals(execution.getProcessInstanceId())) {
      return;
    }
    Authentication auth = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    scheduler.finish(execution.getProcessBusinessKey(), execution.isCanceled(), auth == null ? "drover" : auth.getUserId());
  }
}
