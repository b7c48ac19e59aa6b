package io.drover.engine.step;

import static io.drover.support.TestWorld.trace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.journal.Journal;
import io.drover.remote.Fence;
import io.drover.remote.RemoteCommand;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestApprovals;
import io.drover.support.TestWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fenced remote execution on real SSH hosts: a timeout kills the command's whole process group
 * (checked on the host) before the next attempt; an attempt a dead node left behind is found on its
 * host and adopted, or waited for, never run again; one whose host cannot answer is in doubt and
 * left to the policy.
 */
@DroverIntegrationTest
class FencedExecutionTest {

  @LocalServerPort
  int port;

  @Autowired
  Journal journal;

  @Autowired
  TaskService tasks;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  IdentityService identity;

  TestApi api;
  TestApprovals approvals;
  Path primary;
  Path standby;

  @BeforeEach
  void setUp() {
    api = new TestApi(port);
    approvals = new TestApprovals(tasks, identity);
    primary = TestWorld.demo().hosts().get(0).home();
    standby = TestWorld.demo().hosts().get(1).home();
  }

  @Test
  void aTimeoutKillsTheWholeProcessGroupBeforeTheNextAttempt() throws Exception {
    JsonNode run = api.awaitEnd(api.request("fence-timeout", "migrate"));
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED_WITH_WARNINGS");
    assertThat(attempts(run)).containsExactly("Task_StepOne:1:FAILED:TIMEOUT:RETRY", "Task_StepOne:2:FAILED:TIMEOUT:WARN",
        "Task_StepTwo:1:SUCCEEDED:-:-");
    assertThat(run.path("steps").get(0).path("message").asText()).contains("its process group was killed");
    assertThat(trace(primary, "fence-timeout")).containsExactly("1", "1");
    // the commands' children (sleep 30) are gone too: the group was killed, not only the channel closed
    List<String> children = Files.readAllLines(primary.resolve("pol/fence-timeout/children"));
    assertThat(children).hasSize(2);
    for (String pid : children) {
      assertThat(Path.of("/proc", pid.strip())).as("process %s of a timed-out attempt", pid).doesNotExist();
    }
    assertThat(primary.resolve(".drover/attempts/" + run.path("runId").asText())).as("cleaned after the run")
        .doesNotExist();
  }

  @Test
  @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
  void aLongCommandRunsDetachedHoldingNoTransactionNorJobLockAndItsTimeoutStillKillsIt(
      org.springframework.boot.test.system.CapturedOutput output) throws Exception {
    String runId = api.request("fence-watch", "migrate");
    int[] longTransactions = {0};
    int[] unlockedWhileRunning = {0};
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
        .pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
          // a transaction open for longer than the hold (2 s) would be one held across a remote command
          longTransactions[0] += jdbc.queryForObject("select count(*) from pg_stat_activity where datname ="
              + " current_database() and backend_type = 'client backend' and pid <> pg_backend_pid() and xact_start <"
              + " now() - interval '3 seconds'", Integer.class);
          List<io.drover.journal.StepAttempt> one = journal.attemptsOfStep(runId, "Task_StepOne");
          boolean commandRuns = !one.isEmpty() && !one.stream().allMatch(a -> a.ended());
          Integer locked = jdbc.queryForObject("select count(*) from ACT_RU_JOB j join ACT_RU_EXECUTION e on"
              + " e.ID_ = j.PROCESS_INSTANCE_ID_ where e.BUSINESS_KEY_ = ? and j.LOCK_OWNER_ is not null", Integer.class,
              runId);
          if (commandRuns && locked == 0) {
            unlockedWhileRunning[0]++;
          }
          return "ENDED".equals(api.run(runId).path("status").asText());
        });
    JsonNode run = api.run(runId);
    assertThat(longTransactions[0]).as("samples that saw a transaction open for over 3 s").isZero();
    assertThat(unlockedWhileRunning[0]).as("samples that saw step one's command run with its job unlocked").isPositive();
    assertThat(attempts(run)).as("attempts; step one said: %s", run.path("steps").get(0).path("message").asText())
        .containsExactly("Task_StepOne:1:SUCCEEDED:-:-", "Task_StepTwo:1:FAILED:TIMEOUT:WARN");
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED_WITH_WARNINGS");
    assertThat(run.path("steps").get(0).path("stdoutTail").asText()).isEqualTo("step one done after 8 s\n");
    assertThat(run.path("steps").get(1).path("message").asText()).contains("its process group was killed");
    assertThat(trace(primary, "fence-watch")).containsExactly("1");
    assertThat(trace(standby, "fence-watch")).containsExactly("2");
    for (String pid : Files.readAllLines(standby.resolve("pol/fence-watch/children"))) {
      assertThat(Path.of("/proc", pid.strip())).as("process %s of the timed-out attempt", pid).doesNotExist();
    }
    assertThat(api.log(runId)).contains("status=DETACHED").doesNotContain("REATTACHING");
    // watching is no error: the server's log says DETACHED once, and nothing of the watch's exception
    assertThat(output.getAll()).contains("run=" + runId + " Task_StepOne").contains("status=DETACHED")
        .doesNotContain("StepWatchException");
  }

  @Test
  void aCommandTheHostTookButNeverStartedIsClaimedAndFailsUnderItsPolicyWithoutRunningLater() throws Exception {
    String runId = api.request("fence-mute", "migrate");
    JsonNode run = api.awaitEnd(runId);
    assertThat(attempts(run)).as("attempts; step one said: %s", run.path("steps").get(0).path("message").asText())
        .containsExactly("Task_StepOne:1:FAILED:CONNECTION_LOST:DIE");
    assertThat(run.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(run.path("steps").get(0).path("message").asText())
        .contains("accepted the command but did not start it; it is fenced off and will not start");
    assertThat(api.log(runId)).contains("status=DETACHED");
    // the host ran nothing of the step: no trace, and the claim's mark went with the run's attempts
    Path home = TestWorld.mute().home();
    assertThat(home.resolve("pol/fence-mute")).doesNotExist();
    assertThat(home.resolve(".drover/attempts/" + runId)).as("cleaned after the run").doesNotExist();
  }

  @Test
  void attemptsADeadNodeLeftAreAdoptedOrAwaitedOnTheirHostsNeverRunAgain() throws Exception {
    String runId = api.request("fence-adopt", "migrate");
    approvals.awaitTask(runId);
    // the dead node: it had started step one, which has ended since, and step two, which still runs
    long one = journal.attemptStarted(runId, "Task_StepOne", "Run step one", "job-of-a-dead-node", 1, "pa", "(earlier)");
    long two = journal.attemptStarted(runId, "Task_StepTwo", "Run step two", "job-of-a-dead-node-2", 1, "pb", "(earlier)");
    Process ended = startFenced(primary, runId, one, "mkdir -p pol/fence-adopt; echo 1 >> pol/fence-adopt/trace;"
        + " echo ran-step-one");
    assertThat(ended.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Process running = startFenced(standby, runId, two, "sleep 3; mkdir -p pol/fence-adopt; echo 2 >>"
        + " pol/fence-adopt/trace; echo ran-step-two");
    Path group = standby.resolve(".drover/attempts/" + runId + "/" + two + ".pgid");
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> Files.exists(group));
    running.destroyForcibly(); // the node's session is gone; the fenced command is not

    approvals.approve(runId, "olivia", List.of("dr-approver", "service-fence-adopt"), "node died, carry on");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(attempts(run)).containsExactly("Task_StepOne:1:SUCCEEDED:-:ADOPTED", "Task_StepTwo:1:SUCCEEDED:-:ADOPTED");
    assertThat(run.path("steps").get(0).path("stdoutTail").asText()).isEqualTo("ran-step-one\n");
    assertThat(run.path("steps").get(1).path("stdoutTail").asText()).isEqualTo("ran-step-two\n");
    assertThat(trace(primary, "fence-adopt")).containsExactly("1");
    assertThat(trace(standby, "fence-adopt")).containsExactly("2");
    assertThat(api.log(runId)).contains("REATTACHING");
  }

  @Test
  void anAttemptWhoseHostCannotAnswerIsInDoubtAndLeftToThePolicy() throws Exception {
    // policy DIE: the run fails, the service is IN_DOUBT, and nothing ran again
    String runId = api.request("fence-doubt", "migrate");
    approvals.awaitTask(runId);
    journal.attemptStarted(runId, "Task_StepOne", "Run step one", "job-of-a-dead-node", 1, "pol-silent", "(earlier)");
    approvals.approve(runId, "olivia", List.of("dr-approver", "service-fence-doubt"), "node died, carry on");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(attempts(run)).containsExactly("Task_StepOne:1:RUNNING:-:-", "Task_StepOne:2:FAILED:IN_DOUBT_ATTEMPT:DIE");
    assertThat(run.path("steps").get(1).path("message").asText()).contains("cannot ask pol-silent what became of"
        + " attempt 1");
    assertThat(trace(primary, "fence-doubt")).isEmpty();
    assertThat(trace(standby, "fence-doubt")).isEmpty();
    assertThat(api.service("fence-doubt").path("status").asText()).isEqualTo("IN_DOUBT");
  }

  /** Starts a command fenced as Drover does, in the host's directory, as the dead node would have. */
  private static Process startFenced(Path home, String runId, long attemptId, String script) throws Exception {
    RemoteCommand fenced = Fence.wrap(RemoteCommand.of("sh", "-c", script), ".drover/attempts/" + runId + "/"
        + attemptId);
    return new ProcessBuilder(fenced.arguments()).directory(home.toFile()).redirectErrorStream(true).start();
  }

  private static List<String> attempts(JsonNode run) {
    List<String> attempts = new ArrayList<>();
    run.path("steps").forEach(s -> attempts.add(s.path("stepId").asText() + ":" + s.path("attempt").asInt() + ":"
        + s.path("status").asText() + ":" + s.path("reason").asText("-") + ":" + s.path("verdict").asText("-")));
    return attempts;
  }
}
