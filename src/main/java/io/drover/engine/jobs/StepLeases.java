package io.drover.engine.jobs;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The job lock of a step is a lease this node renews while the step runs: the engine's lock time is
 * short (a minute by default), so the steps of a node that died are taken over within it, and a
 * step may still run for hours, bounded only by its own timeout. Renewal moves only the lock's
 * expiry of jobs this node's job executor owns; the job's revision is untouched, so the engine's
 * optimistic locking at the end of the step is not disturbed.
 */
@Component
public class StepLeases {

  /** Job id to when its step began (nanos). */
  private final Map<String, Long> running = new ConcurrentHashMap<>();
  private final JdbcTemplate jdbc;
  private final ObjectProvider<ProcessEngine> engine;

  StepLeases(JdbcTemplate jdbc, ObjectProvider<ProcessEngine> engine) {
    this.jdbc = jdbc;
    this.engine = engine;
  }

  public void began(String jobId) {
    running.put(jobId, System.nanoTime());
  }

  public void ended(String jobId) {
    running.remove(jobId);
  }

  /** The jobs whose steps run on this node now. */
  Set<String> running() {
    return Set.copyOf(running.keySet());
  }

  @Scheduled(fixedDelayString = "${drover.steps.lease-renewal:PT15S}")
  void renew() {
    if (running.isEmpty()) {
      return;
    }
    JobExecutor executor = ((ProcessEngineConfigurationImpl) engine.getObject().getProcessEngineConfiguration())
        .getJobExecutor();
    Timestamp until = new Timestamp(System.currentTimeMillis() + executor.getLockTimeInMillis());
    // a step younger than a third of the lock time still has most of its lock: leave it alone
    long young = System.nanoTime() - executor.getLockTimeInMillis() * 1_000_000L / 3;
    List<Object[]> batch = new ArrayList<>();
    running.forEach((job, began) -> {
      if (began < young) {
        batch.add(new Object[] {until, job, executor.getLockOwner()});
      }
    });
    if (batch.isEmpty()) {
      return;
    }
    try {
      jdbc.batchUpdate("update ACT_RU_JOB set LOCK_EXP_TIME_=? where ID_=? and LOCK_OWNER_=?", batch);
    } catch (RuntimeException e) {
      // the database may be away for a while: the steps go on, and the next renewal tries again
      JobLogger.LOG.cannotRenewLeases(batch.size(), e.getMessage());
    }
  }
}
