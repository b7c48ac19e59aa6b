package io.drover.plan.engine;

import io.drover.plan.PlanBpmn;
import io.drover.plan.PlanScheduler;
import java.util.Date;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

/**
 * A plan's {@code Settle_<service>} task ({@code ${planServiceEnd}}): records how the service's run
 * ended and wakes the plan's services that wait for room, so they need not wait for their next look.
 */
@Component("planServiceEnd")
public class PlanServiceEnd implements JavaDelegate {

  private final PlanScheduler scheduler;

  PlanServiceEnd(PlanScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String service = PlanBpmn.serviceOf(execution.getCurrentActivityId());
    ManagementService management = execution.getProcessEngineServices().getManagementService();
    Date now = new Date();
    for (String waiting : scheduler.settle(execution.getProcessBusinessKey(), service)) {
      for (Job job : management.createJobQuery().processInstanceId(execution.getProcessInstanceId())
          .activityId("Admit_" + waiting).list()) {
        if (!(job instanceof JobEntity entity) || entity.getLockExpirationTime() == null) {
          management.setJobDuedate(job.getId(), now);
        }
      }
    }
  }
}
