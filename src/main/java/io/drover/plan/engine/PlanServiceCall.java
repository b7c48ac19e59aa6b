package io.drover.plan.engine;

import io.drover.plan.PlanBpmn;
import io.drover.plan.PlanScheduler;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateVariableMapping;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;
import org.springframework.stereotype.Component;

/**
 * A plan's call activity {@code Run_<service>} ({@code ${planServiceCall}}): whether the service
 * was started, the run id the called procedure gets as business key, and its variables, all from
 * the plan's rows (never from process variables).
 */
@Component("planServiceCall")
public class PlanServiceCall implements DelegateVariableMapping {

  private final PlanScheduler scheduler;

  PlanServiceCall(PlanScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Whether the service has a run to call (it was not skipped). */
  public boolean admitted(DelegateExecution execution) {
    return runId(execution) != null;
  }

  public String runId(DelegateExecution execution) {
    return scheduler.runId(execution.getProcessBusinessKey(), PlanBpmn.serviceOf(execution.getCurrentActivityId()));
  }

  @Override
  public void mapInputVariables(DelegateExecution superExecution, VariableMap subVariables) {
    subVariables.putAll(scheduler.variables(superExecution.getProcessBusinessKey(),
        PlanBpmn.serviceOf(superExecution.getCurrentActivityId())));
  }

  @Override
  public void mapOutputVariables(DelegateExecution superExecution, VariableScope subInstance) {
    // the service's outcome is read from its run row when the plan settles it
  }
}
