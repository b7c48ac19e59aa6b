package io.drover.execution;

import io.drover.journal.AttemptOutcome;
import io.drover.journal.StepAttempt;
import io.drover.remote.ExecResult;
import io.drover.step.AttemptRecorder;
import io.drover.step.FailureReason;
import io.drover.step.FencedAttempts;
import io.drover.step.StepFailure;
import io.drover.step.StepResult;
import io.drover.step.StepStillRunning;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempt state machine of a step, engine-free: a pass through a step makes a new attempt,
 * re-attaches to one not seen to end (its node died, its session or the database went away, or it
 * runs detached and is watched), or applies again an outcome the engine lost; the failure policy
 * turns a failed attempt into a {@link StepOutcome}. Everything it learns is in the journal first
 * ({@link AttemptLog}); nothing is ever run again blindly.
 */
public final class StepExecutor {

  private final AttemptLog log;
  private final HostFence fence;
  private final AttemptMetrics metrics;
  private final Duration commandTimeout;
  private final StepWatch watch;
  /** Attempts this node started and left running detached: it watches them (and says nothing new when it looks). */
  private final Set<Long> detached = ConcurrentHashMap.newKeySet();
  /** Attempts this node re-attached to, started by another node or before a restart: adopted when they end. */
  private final Set<Long> adopted = ConcurrentHashMap.newKeySet();

  /**
   * @param commandTimeout a command's timeout when its step sets none
   * @param longestWatch the longest pause between two looks at a detached command
   */
  public StepExecutor(AttemptLog log, HostFence fence, AttemptMetrics metrics, Duration commandTimeout,
      Duration longestWatch) {
    this.log = log;
    this.fence = fence;
    this.metrics = metrics;
    this.commandTimeout = commandTimeout;
    this.watch = new StepWatch(longestWatch);
  }

  public StepOutcome run(StepPass pass) {
    AttemptKey key = pass.key();
    List<StepAttempt> earlier = log.attemptsOfStep(key.runId(), key.stepId());
    StepAttempt unfinished = earlier.stream().filter(a -> !a.ended()).reduce((a, b) -> b).orElse(null);
    if (unfinished != null) {
      return reattach(pass, unfinished);
    }
    StepAttempt last = earlier.isEmpty() ? null : earlier.get(earlier.size() - 1);
    Verdict lastVerdict = last == null ? null : Verdict.parse(last.verdict());
    if (last != null && key.jobId().equals(last.jobId()) && lastVerdict != Verdict.RETRY
        && lastVerdict != Verdict.ABANDONED) {
      return reapply(pass, last);
    }
    return attempt(pass, earlier);
  }

  private StepOutcome attempt(StepPass pass) {
    return attempt(pass, log.attemptsOfStep(pass.key().runId(), pass.key().stepId()));
  }

  /**
   * A new attempt: runs the step type once and applies the policy to what it returns. Its try
   * under this job, and its number, come from the step's {@code earlier} attempts in the run.
   */
  private StepOutcome attempt(StepPass pass, List<StepAttempt> earlier) {
    AttemptKey key = pass.key();
    int tries = (int) earlier.stream().filter(a -> key.jobId().equals(a.jobId())).count() + 1;
    int attempt = number(earlier, tries);
    Recorder recorder = new Recorder(key, attempt);
    try {
      StepResult result = pass.type().execute(pass.request(), recorder);
      recorder.ensureStarted();
      log.attemptEnded(AttemptOutcome.succeeded(recorder.id, key.runId(), key.stepId(), recorder.host, attempt,
          result.exitCode(), result.stdout(), result.stderr(), recorder.millis()));
      metrics.succeeded(pass.type().name(), recorder.millis());
      return new StepOutcome.Succeeded();
    } catch (StepStillRunning stillRunning) {
      detached.add(recorder.id);
      log.log(key.runId(), String.format("%-22s host=%s attempt=%d status=DETACHED: %s; watched until it ends",
          key.stepId(), recorder.host, attempt, stillRunning.getMessage()));
      return new StepOutcome.Watch(attempt, recorder.host, watch.pause(Duration.ZERO));
    } catch (StepFailure failure) {
      recorder.ensureStarted();
      if (failure.reason() == FailureReason.CONNECTION_LOST && pass.type().fenced()) {
        // the command may still run, or have ended, on the host: ask it rather than guess
        log.log(key.runId(), String.format("%-22s host=%s attempt=%d CONNECTION_LOST mid-command: %s",
            key.stepId(), recorder.host, attempt, failure.getMessage()));
        return reattach(pass, open(recorder, key, attempt));
      }
      return failed(pass, recorder.id, recorder.host, recorder.command, attempt, tries, failure, recorder.millis());
    }
  }

  /** The journal's view of an attempt whose connection was lost mid-command: still open. */
  private static StepAttempt open(Recorder recorder, AttemptKey key, int attempt) {
    return new StepAttempt(recorder.id, key.runId(), key.stepId(), key.stepName(), attempt, recorder.host,
        recorder.command, StepAttempt.RUNNING, null, null, null, null, null,
        Instant.now().minusMillis(recorder.millis()), null, null, key.jobId());
  }

  /**
   * The number an attempt gets in the journal: its try under this job, or one more than the step's
   * last attempt in the run when another job (a node that died) made attempts before.
   */
  private static int number(List<StepAttempt> earlier, int tries) {
    int last = earlier.stream().mapToInt(StepAttempt::attempt).max().orElse(0);
    return Math.max(tries, last + 1);
  }

  /**
   * An attempt not seen to end: one this node left running detached (watched), or one Drover lost
   * track of (its node died, its session or database went away). The host says what became of it:
   * it is adopted, watched on, killed once it outlives its timeout, or left to the policy as in
   * doubt; it is never run again blindly.
   */
  private StepOutcome reattach(StepPass pass, StepAttempt open) {
    AttemptKey key = pass.key();
    if (!pass.type().fenced()) {
      abandon(key, open, "Drover lost track of this attempt; step type " + pass.type().name() + " checks its target"
          + " before it acts, so it runs again");
      return attempt(pass);
    }
    boolean watched = detached.contains(open.id());
    if (!watched && adopted.add(open.id())) {
      log.log(key.runId(), String.format("%-22s host=%s attempt=%d status=REATTACHING: asking the host what became"
          + " of it", key.stepId(), open.host(), open.attempt()));
    }
    FencedAttempts.Resolution resolution = fence.resolve(key.runId(), open);
    long millis = open.startedAt() == null ? 0 : Duration.between(open.startedAt(), Instant.now()).toMillis();
    if (resolution instanceof FencedAttempts.Running) {
      Duration timeout = timeoutOf(pass);
      if (millis <= timeout.toMillis()) {
        return new StepOutcome.Watch(open.attempt(), open.host(), watch.pause(Duration.ofMillis(millis)));
      }
      forget(open.id());
      return failedAgain(pass, open, fence.timedOut(key.runId(), open, timeout), millis);
    }
    forget(open.id());
    if (resolution instanceof FencedAttempts.Ended ended) {
      return ended(pass, open, ended.result(), watched, millis);
    }
    if (resolution instanceof FencedAttempts.NeverStarted && watched) {
      // this node saw the host take the command, and it never started: a failure for the policy,
      // not a silent new attempt (a host refusing to start commands would be asked again forever)
      return failedAgain(pass, open, new StepFailure(FailureReason.CONNECTION_LOST, "the host " + open.host()
          + " accepted the command but did not start it; it is fenced off and will not start", null, null, null, null),
          millis);
    }
    if (resolution instanceof FencedAttempts.NeverStarted) {
      abandon(key, open, "never reached the host: Drover stopped before it ran");
      return attempt(pass);
    }
    // in doubt: a new attempt record says so, the open one stays open for the next look
    int tries = log.attemptsOfJob(key.jobId()) + 1;
    int attempt = number(log.attemptsOfStep(key.runId(), key.stepId()), tries);
    String why = ((FencedAttempts.InDoubt) resolution).why();
    long id = log.attemptStarted(key, attempt, open.host(), "(what became of attempt " + open.attempt() + "?)");
    return failed(pass, id, open.host(), open.command(), attempt, tries, new StepFailure(FailureReason.IN_DOUBT_ATTEMPT,
        why, null, null, null, null), 0);
  }

  /** An open attempt the host says has ended: adopted when it succeeded, to the policy when it failed. */
  private StepOutcome ended(StepPass pass, StepAttempt open, ExecResult result, boolean watched, long millis) {
    AttemptKey key = pass.key();
    String stdout;
    String stderr;
    try {
      stdout = pass.type().mask(pass.request(), result.stdout());
      stderr = pass.type().mask(pass.request(), result.stderr());
    } catch (StepFailure maskFailure) {
      return failedAgain(pass, open, maskFailure, millis);
    }
    if (result.succeeded()) {
      AttemptOutcome succeeded = AttemptOutcome.succeeded(open.id(), key.runId(), key.stepId(), open.host(),
          open.attempt(), 0, stdout, stderr, millis);
      log.attemptEnded(watched ? succeeded : succeeded.noted("re-attached: it ended while Drover was away",
          Verdict.ADOPTED.name()));
      metrics.succeeded(pass.type().name(), millis);
      return watched ? new StepOutcome.Succeeded() : new StepOutcome.Adopted();
    }
    return failedAgain(pass, open, new StepFailure(FailureReason.NON_ZERO_EXIT, "exit status " + result.exitStatus()
        + " on " + open.host() + (watched ? "" : " (re-attached)"), result.exitStatus(), stdout, stderr, null), millis);
  }

  private void abandon(AttemptKey key, StepAttempt open, String why) {
    log.attemptEnded(AttemptOutcome.failed(open.id(), key.runId(), key.stepId(), open.host(), open.attempt(), null,
        Verdict.ABANDONED.name(), why, null, null, Verdict.ABANDONED.name(), 0));
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
  private StepOutcome reapply(StepPass pass, StepAttempt last) {
    log.log(pass.key().runId(), String.format("%-22s attempt=%d status=%s verdict=%s: the engine lost this outcome;"
        + " applied again, not run again", pass.key().stepId(), last.attempt(), last.status(), last.verdict()));
    if ("SUCCEEDED".equals(last.status())) {
      return new StepOutcome.Succeeded();
    }
    StepFailure failure = new StepFailure(reason(last.reason()), last.message(), last.exitCode(), last.stdoutTail(),
        last.stderrTail(), null);
    return outcome(pass, Verdict.parse(last.verdict()), last.attempt(), last.host(), last.command(), failure);
  }

  /** An open attempt failed: recorded on its own row, its try counted among the job's attempts. */
  private StepOutcome failedAgain(StepPass pass, StepAttempt open, StepFailure failure, long millis) {
    return failed(pass, open.id(), open.host(), open.command(), open.attempt(),
        log.attemptsOfJob(pass.key().jobId()) + 1, failure, millis);
  }

  /** Records a failed attempt with the policy's verdict, and says what it comes to. */
  private StepOutcome failed(StepPass pass, long attemptId, String host, String command, int attempt, int tries,
      StepFailure failure, long millis) {
    AttemptKey key = pass.key();
    Verdict verdict = Verdict.of(pass.policy().verdict(tries));
    log.attemptEnded(AttemptOutcome.failed(attemptId, key.runId(), key.stepId(), host, attempt, failure.exitCode(),
        failure.reason().name(), failure.getMessage(), failure.stdout(), failure.stderr(), verdict.name(), millis));
    metrics.failed(pass.type().name(), failure.reason(), millis);
    return outcome(pass, verdict, attempt, host, command, failure);
  }

  private static StepOutcome outcome(StepPass pass, Verdict verdict, int attempt, String host, String command,
      StepFailure failure) {
    if (verdict == Verdict.RETRY) {
      return new StepOutcome.Retry(attempt, pass.policy().maxAttempts(), failure);
    }
    if (verdict == Verdict.DIE) {
      return new StepOutcome.Died(failure);
    }
    if (verdict == Verdict.WARN) {
      return new StepOutcome.Warned(failure);
    }
    return new StepOutcome.Ask(host, command, failure);
  }

  private Duration timeoutOf(StepPass pass) {
    try {
      return pass.request().duration("timeout", commandTimeout);
    } catch (StepFailure e) {
      return commandTimeout;
    }
  }

  private static FailureReason reason(String name) {
    try {
      return name == null ? FailureReason.NON_ZERO_EXIT : FailureReason.valueOf(name);
    } catch (IllegalArgumentException e) {
      return FailureReason.NON_ZERO_EXIT;
    }
  }

  /** Writes the attempt's start to the journal when the step type reaches its host. */
  private final class Recorder implements AttemptRecorder {

    private final AttemptKey key;
    private final int attempt;
    private final long startedNanos = System.nanoTime();
    private long id = -1;
    private String host = "-";
    private String command = "-";

    Recorder(AttemptKey key, int attempt) {
      this.key = key;
      this.attempt = attempt;
    }

    @Override
    public void started(String host, String command) {
      this.host = host;
      this.command = command;
      id = log.attemptStarted(key, attempt, host, command);
    }

    @Override
    public String fence() {
      if (id < 0) {
        throw new IllegalStateException("an attempt is fenced only once it has started");
      }
      return fence.dir(key.runId(), id);
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
