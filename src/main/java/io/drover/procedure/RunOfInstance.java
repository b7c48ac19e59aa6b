package io.drover.procedure;

import io.drover.operation.Run;
import io.drover.operation.RunStore;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * The run a process instance belongs to, from {@code drover_run} by the instance's business key
 * (which only Drover sets): service, action, requester and approval come from there, never from
 * process variables, which people with access to a task could write.
 */
@Component
class RunOfInstance {

  private final RunStore runs;

  RunOfInstance(RunStore runs) {
    this.runs = runs;
  }

  Run of(DelegateExecution execution) {
    return find(execution.getProcessBusinessKey());
  }

  Run of(DelegateTask task) {
    return of(task.getExecution());
  }

  private Run find(String businessKey) {
    if (!Run.isId(businessKey)) {
      throw new IllegalStateException("DROVER-RUN-002 process instance has business key '" + businessKey
          + "', not a run id: only Drover starts procedures");
    }
    return runs.find(businessKey).orElseThrow(() -> new IllegalStateException("DROVER-RUN-001 unknown run "
        + businessKey));
  }
}
