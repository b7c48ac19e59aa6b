package io.drover.procedure;

import java.util.List;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.jobexecutor.NotifyAcquisitionRejectedJobsHandler;
import org.camunda.bpm.engine.impl.jobexecutor.RejectedJobsHandler;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;

/**
 * A node takes only the steps it can run now: steps it acquired but has no free thread for (the
 * step thread pool has no queue) are unlocked at once, for another node or a later acquisition,
 * instead of waiting locked for the lease to run out; acquisition then backs off as Camunda's own
 * handler makes it.
 */
class UnlockRejectedSteps implements RejectedJobsHandler {

  private final RejectedJobsHandler backoff = new NotifyAcquisitionRejectedJobsHandler();

  @Override
  public void jobsRejected(List<String> jobIds, ProcessEngineImpl engine, JobExecutor jobExecutor) {
    engine.getProcessEngineConfiguration().getCommandExecutorTxRequired().execute(context -> {
      for (String id : jobIds) {
        JobEntity job = context.getJobManager().findJobById(id);
        if (job != null && jobExecutor.getLockOwner().equals(job.getLockOwner())) {
          job.unlock();
        }
      }
      return null;
    });
    backoff.jobsRejected(jobIds, engine, jobExecutor);
  }
}
