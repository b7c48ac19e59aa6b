package io.drover.engine.step;

import io.drover.engine.jobs.StepLeases;
import io.drover.engine.jobs.StepWatchException;
import io.drover.execution.AttemptKey;
import io.drover.execution.HostFence;
import io.drover.execution.JournalAttemptLog;
import io.drover.execution.StepExecutor;
import io.drover.execution.StepOutcome;
import io.drover.execution.StepPass;
import io.drover.journal.Journal;
import io.drover.operation.RunStore;
import io.drover.remote.NodeStopping;
import io.drover.remote.SshProperties;
import io.drover.step.FailurePolicy;
import io.drover.step.FencedAttempts;
import io.drover.step.StepFailure;
import io.drover.step.StepRequest;
import io.drover.step.StepType;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutorContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

/**
 * The engine's side of a step: hands one pass to the engine-free {@link StepExecutor} and
 * translates its {@link StepOutcome}: success completes the task, a retry is left to the job
 * executor's retry cycle, a watch runs the job again later, DIE/WARN/ASK become the BPMN error the
 * step's boundary event routes. Anything but a {@link StepFailure} is a bug and becomes an incident.
 */
@Component
class StepRunner {

  private final StepExecutor executor;
  private final RunStore runs;
  private final RunOfInstance runOf;
  private final StepLeases leases;
  private final io.drover.step.RehearsalGuard rehearsals;

  StepRunner(Journal journal, RunStore runs, RunOfInstance runOf, FencedAttempts fenced, SshProperties ssh,
      StepLeases leases, StepMetrics metrics, io.drover.step.HostResolver hosts, io.drover.step.RehearsalGuard rehearsals) {
    this.rehearsals = rehearsals;
    this.executor = new StepExecutor(new JournalAttemptLog(journal, hosts::credentialOf), HostFence.of(fenced),
        metrics, ssh.commandTimeout(), ssh.watch());
    this.runs = runs;
    this.runOf = runOf;
    this.leases = leases;
  }

  void run(DelegateExecution execution, StepType type) {
    // a step taken from the queue while the node stops does not start: it is left to its lease
    NodeStopping.parkIfStopping();
    String jobId = currentJobId(execution);
    leases.began(jobId);
    try {
      RunOfInstance.RunKey run = runOf.keyOf(execution);
      String stepId = execution.getCurrentActivityId();
      AttemptKey key = new AttemptKey(run.id(), stepId, execution.getCurrentActivityName(), jobId);
      StepRequest request = new StepRequest(run.id(), run.service(), stepId, StepInputs.of(execution),
          execution.getVariables());
      StepType guarded = run.rehearsal() ? rehearsals.guard(type, request, key.displayName()) : type;
      // a step a rehearsal refuses dies whatever its policy: retrying or going past it would not make it safe
      StepPass pass = new StepPass(key, guarded, guarded == type ? policy(execution) : FailurePolicy.DIE, request);
      apply(execution, key, executor.run(pass));
    } finally {
      leases.ended(jobId);
    }
  }

  private void apply(DelegateExecution execution, AttemptKey key, StepOutcome outcome) {
    if (outcome instanceof StepOutcome.Succeeded || outcome instanceof StepOutcome.Adopted) {
      return;
    }
    if (outcome instanceof StepOutcome.Watch watch) {
      throw new StepWatchException(key.stepId(), watch.attempt(), watch.host(), watch.pause());
    }
    if (outcome instanceof StepOutcome.Retry retry) {
      throw new StepRetryException("step " + key.stepId() + " attempt " + retry.attempt() + " of "
          + retry.maxAttempts() + " failed: " + retry.failure().getMessage());
    }
    StepFailure failure;
    if (outcome instanceof StepOutcome.Died died) {
      runs.died(key.runId(), key.displayName());
      failure = died.failure();
    } else if (outcome instanceof StepOutcome.Warned warned) {
      runs.warned(key.runId());
      failure = warned.failure();
    } else {
      StepOutcome.Ask ask = (StepOutcome.Ask) outcome;
      exposeForDecision(execution, key, ask.host(), ask.command(), ask.failure());
      failure = ask.failure();
    }
    throw new BpmnError(StepVariables.STEP_FAILED, failure.reason() + ": " + failure.getMessage());
  }

  /** What the operator's decision form shows (secrets were masked by the step type). */
  private static void exposeForDecision(DelegateExecution execution, AttemptKey key, String host, String command,
      StepFailure failure) {
    execution.setVariable(StepVariables.FAILED_STEP, key.stepId());
    execution.setVariable(StepVariables.FAILED_STEP_NAME, key.displayName());
    execution.setVariable(StepVariables.FAILED_HOST, host);
    execution.setVariable(StepVariables.FAILED_COMMAND, command);
    execution.setVariable(StepVariables.FAILED_EXIT_CODE, failure.exitCode() == null ? "none"
        : failure.exitCode().toString());
    execution.setVariable(StepVariables.FAILED_REASON, failure.reason().name() + ": " + failure.getMessage());
    String stderr = failure.stderr() == null ? "" : failure.stderr();
    execution.setVariable(StepVariables.FAILED_STDERR, stderr.length() > 2000 ? stderr.substring(stderr.length() - 2000)
        : stderr);
  }

  private static FailurePolicy policy(DelegateExecution execution) {
    Object policy = ((ExecutionEntity) execution).getActivity().getProperty(StepVariables.POLICY_PROPERTY);
    return policy instanceof FailurePolicy p ? p : FailurePolicy.DIE;
  }

  private static String currentJobId(DelegateExecution execution) {
    JobExecutorContext context = Context.getJobExecutorContext();
    if (context != null && context.getCurrentJob() != null) {
      return context.getCurrentJob().getId();
    }
    Job job = execution.getProcessEngineServices().getManagementService().createJobQuery()
        .executionId(execution.getId()).singleResult();
    return job == null ? "sync-" + execution.getActivityInstanceId() : job.getId();
  }
}
