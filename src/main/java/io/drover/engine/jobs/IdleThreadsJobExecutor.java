package io.drover.engine.jobs;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
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

  private final AtomicInteger busy = new AtomicInteger();

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

  /**
   * Hands a batch of acquired jobs to a step thread, counting it busy from submission (the pool's
   * own active count lags behind a thread that has not started yet) until the batch has run.
   */
  @Override
  public void executeJobs(List<String> jobIds, ProcessEngineImpl processEngine) {
    Runnable jobs = getExecuteJobsRunnable(jobIds, processEngine);
    busy.incrementAndGet();
    try {
      getTaskExecutor().execute(() -> {
        try {
          jobs.run();
        } finally {
          busy.decrementAndGet();
        }
      });
    } catch (RejectedExecutionException e) {
      busy.decrementAndGet();
      logRejectedExecution(processEngine, jobIds.size());
      getRejectedJobsHandler().jobsRejected(jobIds, processEngine, this);
    }
  }

  /** Step threads not busy with a batch of jobs now. */
  int idleThreads() {
    int threads = getTaskExecutor() instanceof ThreadPoolTaskExecutor pool ? pool.getMaxPoolSize()
        : getMaxJobsPerAcquisition();
    return Math.max(0, threads - busy.get());
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
