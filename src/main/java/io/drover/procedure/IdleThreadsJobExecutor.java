package io.drover.procedure;

import org.camunda.bpm.engine.impl.jobexecutor.JobAcquisitionContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobAcquisitionStrategy;
import org.camunda.bpm.engine.impl.jobexecutor.SequentialJobAcquisitionRunnable;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Camunda's Spring job executor, taking only as many jobs as it has idle step threads: a node never
 * locks steps it cannot start now (Camunda acquires its full batch size and queues the rest, locked
 * and out of other nodes' reach until the lock expires or this node gets to them). Everything else,
 * back-off and wait times included, stays Camunda's.
 */
class IdleThreadsJobExecutor extends SpringJobExecutor {

  @Override
  protected void ensureInitialization() {
    super.ensureInitialization();
    acquireJobsRunnable = new SequentialJobAcquisitionRunnable(this) {
      @Override
      protected JobAcquisitionStrategy initializeAcquisitionStrategy() {
        return new IdleThreadsOnly(super.initializeAcquisitionStrategy());
      }
    };
  }

  /** Step threads not running a job now (none when the pool cannot tell). */
  int idleThreads() {
    if (getTaskExecutor() instanceof ThreadPoolTaskExecutor pool) {
      return Math.max(0, pool.getMaxPoolSize() - pool.getActiveCount());
    }
    return getMaxJobsPerAcquisition();
  }

  /** Camunda's acquisition strategy, its batch size cut to the idle threads. */
  private final class IdleThreadsOnly implements JobAcquisitionStrategy {

    private final JobAcquisitionStrategy camunda;

    IdleThreadsOnly(JobAcquisitionStrategy camunda) {
      this.camunda = camunda;
    }

    @Override
    public void reconfigure(JobAcquisitionContext context) {
      camunda.reconfigure(context);
    }

    @Override
    public long getWaitTime() {
      return camunda.getWaitTime();
    }

    @Override
    public int getNumJobsToAcquire(String processEngine) {
      return Math.min(camunda.getNumJobsToAcquire(processEngine), idleThreads());
    }
  }
}
