package io.drover.engine.step;

import io.drover.operation.Run;
import io.drover.operation.RunStore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/**
 * The run a process instance belongs to, from {@code drover_run} by the instance's business key
 * (which only Drover sets): service, action, requester and approval come from there, never from
 * process variables, which people with access to a task could write.
 */
@Component
public class RunOfInstance {

  private static final int KNOWN = 512;

  private final RunStore runs;
  /** Runs' services by run id, for the steps of runs going on now (neither changes once a run exists). */
  private final Map<String, RunKey> services = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, RunKey> eldest) {
      return size() > KNOWN;
    }
  });

  RunOfInstance(RunStore runs) {
    this.runs = runs;
  }

  public Run of(DelegateExecution execution) {
    return runs.ofProcess(execution.getProcessBusinessKey());
  }

  /**
   * The id, service and kind of the run a step belongs to: read once per run, then remembered (a step
   * needs no more, and neither can change), which spares every step a read.
   */
  RunKey keyOf(DelegateExecution execution) {
    String id = execution.getProcessBusinessKey();
    RunKey key = services.get(id);
    if (key == null) {
      Run run = runs.ofProcess(id);
      key = new RunKey(id, run.service(), run.action().rehearsal());
      services.put(id, key);
    }
    return key;
  }

  public Run of(DelegateTask task) {
    return of(task.getExecution());
  }

  /** What identifies a run to its steps, and whether it is a rehearsal (whose steps may not change production). */
  record RunKey(String id, String service, boolean rehearsal) {
  }
}
