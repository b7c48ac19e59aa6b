package io.drover.procedure;

import io.drover.journal.Journal;
import io.drover.operation.Run;
import io.drover.operation.RunStore;
import io.drover.step.AttemptRecorder;
import io.drover.step.FailurePolicy;
import io.drover.step.StepFailure;
import io.drover.step.StepRequest;
import io.drover.step.StepResult;
import io.drover.step.StepType;
import java.util.Map;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutorContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

/**
 * Runs one attempt of a step and applies its failure policy: the journal gets the attempt, a
 * retry is left to the job executor's retry cycle, DIE/WARN/ASK become the BPMN error the step's
 * boundary event routes. Anything but a {@link StepFailure} is a bug and becomes an incident.
 */
@Component
class StepRunner {

  private final Journal journal;
  private final RunStore runs;
  private final RunOfInstance runOf;

  StepRunner(Journal journal, RunStore runs, RunOfInstance runOf) {
    this.journal = journal;
    this.runs = runs;
    this.runOf = runOf;
  }

  void run(DelegateExecution execution, StepType type) {
    Run run = runOf.of(execution);
    String runId = run.id();
    String service = run.service();
    String stepId = execution.getCurrentActivityId();
    String stepName = execution.getCurrentActivityName();
    FailurePolicy policy = policy(execution);
    String jobId = currentJobId(execution);
    int attempt = journal.attemptsOfJob(jobId) + 1;
    Recorder recorder = new Recorder(runId, stepId, stepName, jobId, attempt);
    Map<String, Object> parameters = execution.getVariablesLocal();
    try {
      StepResult result = type.execute(new StepRequest(runId, service, stepId, parameters, execution.getVariables()), recorder);
      recorder.ensureStarted();
      journal.attemptEnded(recorder.id, runId, stepId, recorder.host, attempt, true, result.exitCode(), null, null,
          result.stdout(), result.stderr(), null, recorder.millis());
      runs.stepSucceeded(runId, stepName == null ? stepId : stepName);
    } catch (StepFailure failure) {
      recorder.ensureStarted();
      String verdict = verdict(policy, attempt);
      journal.attemptEnded(recorder.id, runId, stepId, recorder.host, attempt, false, failure.exitCode(),
          failure.reason().name(), failure.getMessage(), failure.stdout(), failure.stderr(), verdict, recorder.millis());
      switch (verdict) {
        case "RETRY" -> throw new StepRetryException("step " + stepId + " attempt " + attempt + " of "
            + policy.maxAttempts() + " failed: " + failure.getMessage());
        case "DIE" -> runs.died(runId, stepName == null ? stepId : stepName);
        case "WARN" -> runs.warned(runId);
        default -> exposeForDecision(execution, stepId, stepName, recorder.host, recorder.command, failure);
      }
      throw new BpmnError(StepVariables.STEP_FAILED, failure.reason() + ": " + failure.getMessage());
    }
  }

  /** What the operator's decision form shows (secrets were masked by the step type). */
  private static void exposeForDecision(DelegateExecution execution, String stepId, String stepName, String host,
      String command, StepFailure failure) {
    execution.setVariable(StepVariables.FAILED_STEP, stepId);
    execution.setVariable(StepVariables.FAILED_STEP_NAME, stepName == null ? stepId : stepName);
    execution.setVariable(StepVariables.FAILED_HOST, host);
    execution.setVariable(StepVariables.FAILED_COMMAND, command);
    execution.setVariable(StepVariables.FAILED_EXIT_CODE, failure.exitCode() == null ? "none" : failure.exitCode().toString());
    execution.setVariable(StepVariables.FAILED_REASON, failure.reason().name() + ": " + failure.getMessage());
    String stderr = failure.stderr() == null ? "" : failure.stderr();
    execution.setVariable(StepVariables.FAILED_STDERR, stderr.length() > 2000 ? stderr.substring(stderr.length() - 2000) : stderr);
  }

  private static String verdict(FailurePolicy policy, int attempt) {
    return attempt < policy.maxAttempts() ? "RETRY" : policy.finalAction().name();
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

  private final class Recorder implements AttemptRecorder {

    private final String runId;
    private final String stepId;
    private final String stepName;
    private final String jobId;
    private final int attempt;
    private final long startedNanos = System.nanoTime();
    private long id = -1;
    private String host = "-";
    private String command = "-";

    Recorder(String runId, String stepId, String stepName, String jobId, int attempt) {
      this.runId = runId;
      this.stepId = stepId;
      this.stepName = stepName;
      this.jobId = jobId;
      this.attempt = attempt;
    }

    @Override
    public void started(String host, String command) {
      this.host = host;
      this.command = command;
      id = journal.attemptStarted(runId, stepId, stepName, jobId, attempt, host, command);
    }

    long millis() {
      return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    void ensureStarted() {
      if (id < 0) {
        started("-", "-");
      }
    }
  }
}
