package io.drover.engine.step;

import io.drover.engine.jobs.StepLeases;
import io.drover.engine.jobs.StepWatchException;
import io.drover.journal.AttemptOutcome;
import io.drover.journal.Journal;
import io.drover.operation.RunStore;
import io.drover.step.AttemptRecorder;
import io.drover.step.FailurePolicy;
import io.drover.step.StepFailure;
import io.drover.step.StepRequest;
import io.drover.step.StepResult;
import io.drover.step.StepType;
import io.drover.journal.StepAttempt;
import io.drover.remote.ExecResult;
import io.drover.remote.NodeStopping;
import io.drover.step.FailureReason;
import io.drover.remote.SshProperties;
import io.drover.step.FencedAttempts;
import io.drover.step.StepStillRunning;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  /** Verdicts beyond the policy's: a retry follows, the attempt was adopted, or it was abandoned unrun. */
  static final String RETRY = "RETRY";
  static final String ADOPTED = "ADOPTED";
  static final String ABANDONED = "ABANDONED";

  private final StepMetrics metrics;
  private final Journal journal;
  private final RunStore runs;
  private final RunOfInstance runOf;
  private final FencedAttempts fenced;
  private final SshProperties ssh;
  private final StepLeases leases;
  private final StepWatch watch;
  /** Attempts this node started and left running detached: it watches them (and says nothing new when it looks). */
  private final Set<Long> detached = ConcurrentHashMap.newKeySet();
  /** Attempts this node re-attached to, started by another node or before a restart: adopted when they end. */
  private final Set<Long> adopted = ConcurrentHashMap.newKeySet();

  StepRunner(Journal journal, RunStore runs, RunOfInstance runOf, FencedAttempts fenced, SshProperties ssh,
      StepLeases leases, StepMetrics metrics) {
    this.metrics = metrics;
    this.leases = leases;
    this.watch = new StepWatch(ssh.watch());
    this.journal = journal;
    this.runs = runs;
    this.runOf = runOf;
    this.fenced = fenced;
    this.ssh = ssh;
  }

  void run(DelegateExecution execution, StepType type) {
    // a step taken from the queue while the node stops does not start: it is left to its lease
    NodeStopping.parkIfStopping();
    String jobId = currentJobId(execution);
    leases.began(jobId);
    try {
      run(execution, type, jobId);
    } finally {
      leases.ended(jobId);
    }
  }

  private void run(DelegateExecution execution, StepType type, String jobId) {
    RunOfInstance.RunKey run = runOf.keyOf(execution);
    String stepId = execution.getCurrentActivityId();
    Step step = new Step(execution, type, run.id(), stepId, execution.getCurrentActivityName(), policy(execution),
        jobId, new StepRequest(run.id(), run.service(), stepId, StepInputs.of(execution),
        execution.getVariables()));
    List<StepAttempt> earlier = journal.attemptsOfStep(run.id(), stepId);
    StepAttempt unfinished = earlier.stream().filter(a -> !a.ended()).reduce((a, b) -> b).orElse(null);
    if (unfinished != null) {
      reattach(step, unfinished);
      return;
    }
    StepAttempt last = earlier.isEmpty() ? null : earlier.get(earlier.size() - 1);
    if (last != null && step.jobId.equals(last.jobId()) && !RETRY.equals(last.verdict())
        && !ABANDONED.equals(last.verdict())) {
      reapply(step, last);
      return;
    }
    attempt(step, earlier);
  }

  private void attempt(Step step) {
    attempt(step, journal.attemptsOfStep(step.runId, step.stepId));
  }

  /**
   * A new attempt: runs the step type once and applies the policy to what it returns. Its try
   * under this job, and its number, come from the step's {@code earlier} attempts in the run.
   */
  private void attempt(Step step, List<StepAttempt> earlier) {
    int tries = (int) earlier.stream().filter(a -> step.jobId.equals(a.jobId())).count() + 1;
    int attempt = number(earlier, tries);
    Recorder recorder = new Recorder(step.runId, step.stepId, step.stepName, step.jobId, attempt);
    try {
      StepResult result = step.type.execute(step.request, recorder);
      recorder.ensureStarted();
      journal.attemptEnded(AttemptOutcome.succeeded(recorder.id, step.runId, step.stepId, recorder.host, attempt,
          result.exitCode(), result.stdout(), result.stderr(), recorder.millis()));
      metrics.succeeded(step.type.name(), recorder.millis());
    } catch (StepStillRunning stillRunning) {
      detached.add(recorder.id);
      journal.log(step.runId, String.format("%-22s host=%s attempt=%d status=DETACHED: %s; watched until it ends",
          step.stepId, recorder.host, attempt, stillRunning.getMessage()));
      throw new StepWatchException(step.stepId, attempt, recorder.host, watch.pause(Duration.ZERO));
    } catch (StepFailure failure) {
      recorder.ensureStarted();
      if (failure.reason() == FailureReason.CONNECTION_LOST && step.type.fenced()) {
        // the command may still run, or have ended, on the host: ask it rather than guess
        journal.log(step.runId, String.format("%-22s host=%s attempt=%d CONNECTION_LOST mid-command: %s",
            step.stepId, recorder.host, attempt, failure.getMessage()));
        reattach(step, new StepAttempt(recorder.id, step.runId, step.stepId, step.stepName, attempt, recorder.host,
            recorder.command, StepAttempt.RUNNING, null, null, null, null, null,
            Instant.now().minusMillis(recorder.millis()), null, null, step.jobId));
        return;
      }
      failed(step, recorder.id, recorder.host, recorder.command, attempt, tries, failure, recorder.millis());
    }
  }

  /**
   * The number an attempt gets in the journal: its try under this job, or one more than the step's
   * last attempt in the run when another job (a node that died) made attempts before.
   */
  private static int number(List<StepAttempt> earlier, int tries) {
    int last = earlier.stream().mapToInt(StepAttempt::attempt).max().orElse(0);
    return Math.max(tries, last + 1);
  }

  private int number(Step step, int tries) {
    return number(journal.attemptsOfStep(step.runId, step.stepId), tries);
  }

  /**
   * An attempt not seen to end: one this node left running detached (watched), or one Drover lost
   * track of (its node died, its session or database went away). The host says what became of it:
   * it is adopted, watched on, killed once it outlives its timeout, or left to the policy as in
   * doubt; it is never run again blindly.
   */
  private void reattach(Step step, StepAttempt open) {
    if (!step.type.fenced()) {
      journal.attemptEnded(AttemptOutcome.failed(open.id(), step.runId, step.stepId, open.host(), open.attempt(), null,
          "ABANDONED", "Drover lost track of this attempt; step type " + step.type.name() + " checks its target before"
          + " it acts, so it runs again", null, null, ABANDONED, 0));
      attempt(step);
      return;
    }
    boolean watched = detached.contains(open.id());
    if (!watched && adopted.add(open.id())) {
      journal.log(step.runId, String.format("%-22s host=%s attempt=%d status=REATTACHING: asking the host what became"
          + " of it", step.stepId, open.host(), open.attempt()));
    }
    FencedAttempts.Resolution resolution = fenced.resolve(step.runId, open);
    long millis = open.startedAt() == null ? 0 : Duration.between(open.startedAt(), Instant.now()).toMillis();
    if (resolution instanceof FencedAttempts.Running) {
      Duration timeout = waitFor(step);
      if (millis <= timeout.toMillis()) {
        throw new StepWatchException(step.stepId, open.attempt(), open.host(), watch.pause(Duration.ofMillis(millis)));
      }
      forget(open.id());
      failed(step, open.id(), open.host(), open.command(), open.attempt(), journal.attemptsOfJob(step.jobId) + 1,
          fenced.timedOut(step.runId, open, timeout), millis);
      return;
    }
    forget(open.id());
    try {
      if (resolution instanceof FencedAttempts.Ended ended) {
        ExecResult result = ended.result();
        String stdout = step.type.mask(step.request, result.stdout());
        String stderr = step.type.mask(step.request, result.stderr());
        if (result.succeeded()) {
          AttemptOutcome succeeded = AttemptOutcome.succeeded(open.id(), step.runId, step.stepId, open.host(),
              open.attempt(), 0, stdout, stderr, millis);
          journal.attemptEnded(watched ? succeeded : succeeded.noted("re-attached: it ended while Drover was away",
              ADOPTED));
          metrics.succeeded(step.type.name(), millis);
          return;
        }
        failed(step, open.id(), open.host(), open.command(), open.attempt(), journal.attemptsOfJob(step.jobId) + 1,
            new StepFailure(FailureReason.NON_ZERO_EXIT, "exit status " + result.exitStatus() + " on " + open.host()
            + (watched ? "" : " (re-attached)"), result.exitStatus(), stdout, stderr, null), millis);
        return;
      }
    } catch (StepFailure maskFailure) {
      failed(step, open.id(), open.host(), open.command(), open.attempt(), journal.attemptsOfJob(step.jobId) + 1,
          maskFailure, millis);
      return;
    }
    if (resolution instanceof FencedAttempts.NeverStarted && watched) {
      // this node saw the host take the command, and it never started: a failure for the policy,
      // not a silent new attempt (a host refusing to start commands would be asked again forever)
      failed(step, open.id(), open.host(), open.command(), open.attempt(), journal.attemptsOfJob(step.jobId) + 1,
          new StepFailure(FailureReason.CONNECTION_LOST, "the host " + open.host() + " accepted the command but did"
          + " not start it; it is fenced off and will not start", null, null, null, null), millis);
      return;
    }
    if (resolution instanceof FencedAttempts.NeverStarted) {
      journal.attemptEnded(AttemptOutcome.failed(open.id(), step.runId, step.stepId, open.host(), open.attempt(), null,
          "ABANDONED", "never reached the host: Drover stopped before it ran", null, null, ABANDONED, 0));
      attempt(step);
      return;
    }
    // in doubt: a new attempt record says so, the open one stays open for the next look
    int tries = journal.attemptsOfJob(step.jobId) + 1;
    int attempt = number(step, tries);
    String why = ((FencedAttempts.InDoubt) resolution).why();
    long id = journal.attemptStarted(step.runId, step.stepId, step.stepName, step.jobId, attempt, open.host(),
        "(what became of attempt " + open.attempt() + "?)");
    failed(step, id, open.host(), open.command(), attempt, tries, new StepFailure(FailureReason.IN_DOUBT_ATTEMPT, why,
        null, null, null, null), 0);
  }

  private void forget(long attemptId) {
    detached.remove(attemptId);
    adopted.remove(attemptId);
  }

  /**
   * The step ran before under this very job, and its outcome was decided, but the engine did not
   * record that (its commit failed, or the node died just after): apply the same outcome again
   * without running anything.
   */
  private void reapply(Step step, StepAttempt last) {
    journal.log(step.runId, String.format("%-22s attempt=%d status=%s verdict=%s: the engine lost this outcome; applied"
        + " again, not run again", step.stepId, last.attempt(), last.status(), last.verdict()));
    if ("SUCCEEDED".equals(last.status())) {
      return;
    }
    StepFailure failure = new StepFailure(reason(last.reason()), last.message(), last.exitCode(), last.stdoutTail(),
        last.stderrTail(), null);
    apply(step, last.verdict(), last.attempt(), last.host(), last.command(), failure);
  }

  /** Records a failed attempt with the policy's verdict and applies it. */
  private void failed(Step step, long attemptId, String host, String command, int attempt, int tries,
      StepFailure failure, long millis) {
    String verdict = step.policy.verdict(tries).name();
    journal.attemptEnded(AttemptOutcome.failed(attemptId, step.runId, step.stepId, host, attempt, failure.exitCode(),
        failure.reason().name(), failure.getMessage(), failure.stdout(), failure.stderr(), verdict, millis));
    metrics.failed(step.type.name(), failure.reason(), millis);
    apply(step, verdict, attempt, host, command, failure);
  }

  private void apply(Step step, String verdict, int attempt, String host, String command, StepFailure failure) {
    switch (verdict) {
      case RETRY -> throw new StepRetryException("step " + step.stepId + " attempt " + attempt + " of "
          + step.policy.maxAttempts() + " failed: " + failure.getMessage());
      case "DIE" -> runs.died(step.runId, step.displayName());
      case "WARN" -> runs.warned(step.runId);
      default -> exposeForDecision(step.execution, step.stepId, step.stepName, host, command, failure);
    }
    throw new BpmnError(StepVariables.STEP_FAILED, failure.reason() + ": " + failure.getMessage());
  }

  private Duration waitFor(Step step) {
    try {
      return step.request.duration("timeout", ssh.commandTimeout());
    } catch (StepFailure e) {
      return ssh.commandTimeout();
    }
  }

  private static FailureReason reason(String name) {
    try {
      return name == null ? FailureReason.NON_ZERO_EXIT : FailureReason.valueOf(name);
    } catch (IllegalArgumentException e) {
      return FailureReason.NON_ZERO_EXIT;
    }
  }

  /** One pass of the engine through a step. */
  private record Step(DelegateExecution execution, StepType type, String runId, String stepId, String stepName,
      FailurePolicy policy, String jobId, StepRequest request) {

    String displayName() {
      return stepName == null ? stepId : stepName;
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

    @Override
    public String fence() {
      if (id < 0) {
        throw new IllegalStateException("an attempt is fenced only once it has started");
      }
      return fenced.dir(runId, id);
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
