package io.drover.plan.engine;

import io.drover.engine.jobs.StepWatchException;
import io.drover.plan.PlanBpmn;
import io.drover.plan.PlanScheduler;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A plan's {@code Admit_<service>} task ({@code ${planServiceStart}}): starts the service's run, or
 * skips it, or, when the plan has no room for it yet, ends the job to look again later (the job is
 * not failed and uses no retry; a service of the plan that ends wakes it sooner).
 */
@Component("planServiceStart")
public class PlanServiceStart implements JavaDelegate {

  private final PlanScheduler scheduler;

  PlanServiceStart(PlanScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String service = PlanBpmn.serviceOf(execution.getCurrentActivityId());
    if (scheduler.admit(execution.getProcessBusinessKey(), service) instanceof PlanScheduler.Wait wait) {
      throw new StepWatchException(service + " waits for " + wait.what(), scheduler.recheck());
    }
  }
}
