package io.drover.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.journal.AttemptOutcome;
import io.drover.journal.StepAttempt;
import io.drover.remote.ExecResult;
import io.drover.step.AttemptRecorder;
import io.drover.step.FailurePolicy;
import io.drover.step.FailureReason;
import io.drover.step.FencedAttempts;
import io.drover.step.StepContract;
import io.drover.step.StepFailure;
import io.drover.step.StepRequest;
import io.drover.step.StepResult;
import io.drover.step.StepStillRunning;
import io.drover.step.StepType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every transition of the attempt state machine, with no engine, no database and no host: an
 * in-memory attempt log, a host fence that answers what the test says, and step types that succeed,
 * fail, lose their connection or leave their command running.
 */
class StepExecutorTest {

  private final MemoryLog log = new MemoryLog();
  private final Deque<FencedAttempts.Resolution> answers = new ArrayDeque<>();
  private final List<String> asked = new ArrayList<>();
  private final StepExecutor executor = new StepExecutor(log, new HostFence() {
    @Override
    public FencedAttempts.Resolution resolve(String runId, StepAttempt attempt) {
      asked.add("resolve " + attempt.attempt());
      return answers.removeFirst();
    }

    @Override
    public StepFailure timedOut(String runId, StepAttempt attempt, Duration timeout) {
      asked.add("killed " + attempt.attempt());
      return new StepFailure(FailureReason.TIMEOUT, "ran longer than " + timeout, null, null, null, null);
    }

    @Override
    public String dir(String runId, long attemptId) {
      return "/tmp/fence-" + attemptId;
    }
  }, AttemptMetrics.NONE, Duration.ofMinutes(5), Duration.ofSeconds(5));

  private static final AttemptKey KEY = new AttemptKey("run-1", "Task_Stop", "Stop app", "job-1");

  @Test
  void aStepThatSucceedsIsRecordedOnceAndSucceeds() {
    Steps steps = new Steps();
    assertThat(executor.run(pass(steps.succeeding(), FailurePolicy.DIE))).isInstanceOf(StepOutcome.Succeeded.class);
    assertThat(log.rows).singleElement().satisfies(a -> {
      assertThat(a.status()).isEqualTo("SUCCEEDED");
      assertThat(a.attempt()).isEqualTo(1);
      assertThat(a.host()).isEqualTo("app1");
    });
    assertThat(steps.runs).isEqualTo(1);
  }

  @Test
  void aFailureFollowsThePolicyRetryThenItsFinalAction() {
    Steps steps = new Steps();
    FailurePolicy retryOnceThenWarn = FailurePolicy.parse("RETRY 1 WARN");
    StepOutcome first = executor.run(pass(steps.failing(), retryOnceThenWarn));
    assertThat(first).isInstanceOfSatisfying(StepOutcome.Retry.class, r -> {
      assertThat(r.attempt()).isEqualTo(1);
      assertThat(r.maxAttempts()).isEqualTo(2);
    });
    assertThat(executor.run(pass(steps.failing(), retryOnceThenWarn))).isInstanceOf(StepOutcome.Warned.class);
    assertThat(log.rows).extracting(StepAttempt::verdict).containsExactly("RETRY", "WARN");
    assertThat(log.rows).extracting(StepAttempt::attempt).containsExactly(1, 2);
    assertThat(executor.run(pass(new Steps().failing(), FailurePolicy.DIE, "job-2")))
        .isInstanceOfSatisfying(StepOutcome.Died.class, d -> assertThat(d.failure().reason())
            .isEqualTo(FailureReason.NON_ZERO_EXIT));
    assertThat(executor.run(pass(new Steps().failing(), FailurePolicy.parse("ASK"), "job-3")))
        .isInstanceOfSatisfying(StepOutcome.Ask.class, a -> {
          assertThat(a.host()).isEqualTo("app1");
          assertThat(a.command()).isEqualTo("ctl stop");
        });
  }

  @Test
  void aDetachedCommandIsWatchedUntilTheHostSaysItEndedAndThenItsResultCounts() {
    Steps steps = new Steps();
    StepOutcome detached = executor.run(pass(steps.detaching(), FailurePolicy.DIE));
    assertThat(detached).isInstanceOfSatisfying(StepOutcome.Watch.class, w -> {
      assertThat(w.pause()).isEqualTo(StepWatch.SHORTEST);
      assertThat(w.host()).isEqualTo("app1");
    });
    answers.add(new FencedAttempts.Running());
    assertThat(executor.run(pass(steps.detaching(), FailurePolicy.DIE))).isInstanceOf(StepOutcome.Watch.class);
    answers.add(new FencedAttempts.Ended(new ExecResult(0, "done", "", Duration.ofSeconds(1))));
    // this node watched it: a plain success, not an adoption
    assertThat(executor.run(pass(steps.detaching(), FailurePolicy.DIE))).isInstanceOf(StepOutcome.Succeeded.class);
    assertThat(steps.runs).as("the command ran once").isEqualTo(1);
    assertThat(log.rows).singleElement().satisfies(a -> {
      assertThat(a.status()).isEqualTo("SUCCEEDED");
      assertThat(a.verdict()).isNull();
    });
  }

  @Test
  void reattachAnswerRunningWithinItsTimeoutIsWatchedAndPastItIsKilledAndFailed() {
    log.open(1, "job-0", Instant.now().minusSeconds(8));
    answers.add(new FencedAttempts.Running());
    Steps steps = new Steps();
    assertThat(executor.run(pass(steps.fencedSucceeding(), FailurePolicy.DIE)))
        .isInstanceOfSatisfying(StepOutcome.Watch.class, w -> assertThat(w.pause())
            .as("a quarter of its age so far").isBetween(Duration.ofSeconds(2), Duration.ofMillis(2500)));
    assertThat(log.lines).anyMatch(l -> l.contains("status=REATTACHING"));
    log.rows.set(0, log.withStart(log.rows.get(0), Instant.now().minus(Duration.ofMinutes(6))));
    answers.add(new FencedAttempts.Running());
    assertThat(executor.run(pass(steps.fencedSucceeding(), FailurePolicy.DIE)))
        .isInstanceOfSatisfying(StepOutcome.Died.class, d -> assertThat(d.failure().reason())
            .isEqualTo(FailureReason.TIMEOUT));
    assertThat(asked).containsExactly("resolve 1", "resolve 1", "killed 1");
    assertThat(steps.runs).as("never run again").isZero();
  }

  @Test
  void reattachAnswerEndedWellAdoptsItsResultAndEndedBadlyGoesToThePolicy() {
    log.open(1, "job-0", Instant.now().minusSeconds(3));
    answers.add(new FencedAttempts.Ended(new ExecResult(0, "ok", "", Duration.ofSeconds(3))));
    Steps steps = new Steps();
    assertThat(executor.run(pass(steps.fencedSucceeding(), FailurePolicy.DIE))).isInstanceOf(StepOutcome.Adopted.class);
    assertThat(log.rows.get(0).verdict()).isEqualTo("ADOPTED");
    assertThat(log.rows.get(0).message()).isEqualTo("re-attached: it ended while Drover was away");

    MemoryLog other = log.reset();
    other.open(1, "job-0", Instant.now().minusSeconds(3));
    answers.add(new FencedAttempts.Ended(new ExecResult(3, "", "disk full", Duration.ofSeconds(3))));
    assertThat(executor.run(pass(steps.fencedSucceeding(), FailurePolicy.parse("WARN"))))
        .isInstanceOfSatisfying(StepOutcome.Warned.class, w -> assertThat(w.failure().getMessage())
            .isEqualTo("exit status 3 on app1 (re-attached)"));
    assertThat(steps.runs).isZero();
  }

  @Test
  void reattachAnswerAbsentAbandonsTheOpenAttemptAndRunsANewOne() {
    log.open(1, "job-0", Instant.now().minusSeconds(3));
    answers.add(new FencedAttempts.NeverStarted());
    Steps steps = new Steps();
    assertThat(executor.run(pass(steps.fencedSucceeding(), FailurePolicy.DIE))).isInstanceOf(StepOutcome.Succeeded.class);
    assertThat(log.rows).extracting(StepAttempt::verdict).containsExactly("ABANDONED", null);
    assertThat(log.rows).extracting(StepAttempt::attempt).containsExactly(1, 2);
    assertThat(steps.runs).isEqualTo(1);
  }

  @Test
  void reattachAnswerVanishedAfterThisNodeSawTheHostTakeItIsAFailureNotANewAttempt() {
    Steps steps = new Steps();
    assertThat(executor.run(pass(steps.detaching(), FailurePolicy.DIE))).isInstanceOf(StepOutcome.Watch.class);
    answers.add(new FencedAttempts.NeverStarted());
    assertThat(executor.run(pass(steps.detaching(), FailurePolicy.DIE)))
        .isInstanceOfSatisfying(StepOutcome.Died.class, d -> assertThat(d.failure().getMessage())
            .contains("accepted the command but did not start it"));
    assertThat(steps.runs).isEqualTo(1);
  }

  @Test
  void reattachAnswerUnreachableIsInDoubtForThePolicyAndTheOpenAttemptStaysOpen() {
    log.open(1, "job-0", Instant.now().minusSeconds(3));
    answers.add(new FencedAttempts.InDoubt("app1 does not answer: connection refused"));
    Steps steps = new Steps();
    assertThat(executor.run(pass(steps.fencedSucceeding(), FailurePolicy.parse("ASK"))))
        .isInstanceOfSatisfying(StepOutcome.Ask.class, a -> assertThat(a.failure().reason())
            .isEqualTo(FailureReason.IN_DOUBT_ATTEMPT));
    assertThat(log.rows).extracting(StepAttempt::status).containsExactly("RUNNING", "FAILED");
    assertThat(log.rows.get(1).command()).isEqualTo("(what became of attempt 1?)");
    assertThat(steps.runs).isZero();
  }

  @Test
  void aStepTypeThatChecksItsTargetFirstIsRunAgainWhenItsAttemptWasLost() {
    log.open(1, "job-0", Instant.now().minusSeconds(3));
    Steps steps = new Steps();
    assertThat(executor.run(pass(steps.succeeding(), FailurePolicy.DIE))).isInstanceOf(StepOutcome.Succeeded.class);
    assertThat(asked).as("an unfenced step type is not asked about").isEmpty();
    assertThat(log.rows.get(0).message()).contains("checks its target before it acts, so it runs again");
    assertThat(steps.runs).isEqualTo(1);
  }

  @Test
  void aConnectionLostMidCommandAsksTheHostInsteadOfGuessing() {
    Steps steps = new Steps();
    answers.add(new FencedAttempts.Ended(new ExecResult(0, "ok", "", Duration.ofSeconds(1))));
    assertThat(executor.run(pass(steps.losingConnection(), FailurePolicy.DIE))).isInstanceOf(StepOutcome.Adopted.class);
    assertThat(log.lines).anyMatch(l -> l.contains("CONNECTION_LOST mid-command"));
    assertThat(steps.runs).isEqualTo(1);
  }

  @Test
  void aDecidedOutcomeTheEngineLostIsAppliedAgainWithoutRunningAnything() {
    Steps steps = new Steps();
    assertThat(executor.run(pass(steps.failing(), FailurePolicy.DIE))).isInstanceOf(StepOutcome.Died.class);
    // the engine's commit failed: the same job comes again
    assertThat(executor.run(pass(steps.failing(), FailurePolicy.DIE))).isInstanceOf(StepOutcome.Died.class);
    assertThat(steps.runs).isEqualTo(1);
    assertThat(log.lines).anyMatch(l -> l.contains("the engine lost this outcome; applied again, not run again"));
    Steps ok = new Steps();
    AttemptKey other = new AttemptKey("run-1", "Task_Start", "Start app", "job-9");
    assertThat(executor.run(new StepPass(other, ok.succeeding(), FailurePolicy.DIE, request(other))))
        .isInstanceOf(StepOutcome.Succeeded.class);
    assertThat(executor.run(new StepPass(other, ok.succeeding(), FailurePolicy.DIE, request(other))))
        .isInstanceOf(StepOutcome.Succeeded.class);
    assertThat(ok.runs).isEqualTo(1);
  }

  private static StepPass pass(StepType type, FailurePolicy policy) {
    return pass(type, policy, KEY.jobId());
  }

  private static StepPass pass(StepType type, FailurePolicy policy, String job) {
    AttemptKey key = new AttemptKey(KEY.runId(), KEY.stepId(), KEY.stepName(), job);
    return new StepPass(key, type, policy, request(key));
  }

  private static StepRequest request(AttemptKey key) {
    return new StepRequest(key.runId(), "payments", key.stepId(), Map.of("timeout", "PT5M"), Map.of());
  }

  /** Step types that count how often they ran. */
  private static final class Steps {
    int runs;

    StepType succeeding() {
      return type(false, recorder -> new StepResult(0, "ok", ""));
    }

    StepType fencedSucceeding() {
      return type(true, recorder -> new StepResult(0, "ok", ""));
    }

    StepType failing() {
      return type(false, recorder -> {
        throw new StepFailure(FailureReason.NON_ZERO_EXIT, "exit status 1 on app1", 1, "", "no such file", null);
      });
    }

    StepType detaching() {
      return type(true, recorder -> {
        throw new StepStillRunning("app1");
      });
    }

    StepType losingConnection() {
      return type(true, recorder -> {
        throw new StepFailure(FailureReason.CONNECTION_LOST, "session closed", null, null, null, null);
      });
    }

    private StepType type(boolean fenced, Body body) {
      return new StepType() {
        @Override
        public StepContract contract() {
          return StepContract.of("test", "testStep").build();
        }

        @Override
        public String name() {
          return "test";
        }

        @Override
        public boolean fenced() {
          return fenced;
        }

        @Override
        public StepResult execute(StepRequest request, AttemptRecorder recorder) throws StepFailure {
          runs++;
          recorder.started("app1", "ctl stop");
          return body.run(recorder);
        }
      };
    }
  }

  private interface Body {
    StepResult run(AttemptRecorder recorder) throws StepFailure;
  }

  /** The journal's attempt rows, in memory. */
  private static final class MemoryLog implements AttemptLog {
    final List<StepAttempt> rows = new ArrayList<>();
    final List<String> lines = new ArrayList<>();

    MemoryLog reset() {
      rows.clear();
      lines.clear();
      return this;
    }

    void open(int attempt, String job, Instant startedAt) {
      rows.add(new StepAttempt(rows.size() + 1, KEY.runId(), KEY.stepId(), KEY.stepName(), attempt, "app1", "ctl stop",
          StepAttempt.RUNNING, null, null, null, null, null, startedAt, null, null, job));
    }

    StepAttempt withStart(StepAttempt a, Instant startedAt) {
      return new StepAttempt(a.id(), a.runId(), a.stepId(), a.stepName(), a.attempt(), a.host(), a.command(), a.status(),
          a.exitCode(), a.reason(), a.message(), a.stdoutTail(), a.stderrTail(), startedAt, a.endedAt(), a.verdict(),
          a.jobId());
    }

    @Override
    public List<StepAttempt> attemptsOfStep(String runId, String stepId) {
      return rows.stream().filter(a -> a.runId().equals(runId) && a.stepId().equals(stepId)).toList();
    }

    @Override
    public int attemptsOfJob(String jobId) {
      return (int) rows.stream().filter(a -> jobId.equals(a.jobId())).count();
    }

    @Override
    public long attemptStarted(AttemptKey key, int attempt, String host, String command) {
      long id = rows.size() + 1;
      rows.add(new StepAttempt(id, key.runId(), key.stepId(), key.stepName(), attempt, host, command,
          StepAttempt.RUNNING, null, null, null, null, null, Instant.now(), null, null, key.jobId()));
      return id;
    }

    @Override
    public void attemptEnded(AttemptOutcome o) {
      for (int i = 0; i < rows.size(); i++) {
        StepAttempt a = rows.get(i);
        if (a.id() == o.attemptId()) {
          rows.set(i, new StepAttempt(a.id(), a.runId(), a.stepId(), a.stepName(), a.attempt(), a.host(), a.command(),
              o.succeeded() ? "SUCCEEDED" : "FAILED", o.exitCode(), o.reason(), o.message(), o.stdout(), o.stderr(),
              a.startedAt(), Instant.now(), o.verdict(), a.jobId()));
          return;
        }
      }
      throw new AssertionError("no attempt " + o.attemptId());
    }

    @Override
    public void log(String runId, String text) {
      lines.add(text);
    }
  }
}
