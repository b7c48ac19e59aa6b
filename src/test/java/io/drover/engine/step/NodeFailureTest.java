package io.drover.engine.step;

import static io.drover.support.TestWorld.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestNode;
import io.drover.support.TestPostgresServer;
import io.drover.support.TestWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drover nodes that die or are stopped mid-step, as separate server processes on one PostgreSQL
 * database: the step's command runs once (counted on the host), another node re-attaches to it
 * after the lease and the run succeeds; the journal shows the re-attached attempt. (The test's own
 * server only provides the world: hosts, inventory, secrets, procedures.)
 */
@DroverIntegrationTest
class NodeFailureTest {

  private static final String[] SHORT_LEASE = {"--camunda.bpm.job-execution.lock-time-in-millis=8000",
      "--drover.steps.lease-renewal=PT2S", "--drover.steps.drain=PT2S"};

  @Test
  void aStepOutlivesItsNodeKilledOrStoppedAndRunsOnce() throws Exception {
    String db = TestNode.database("nodes");
    Path primary = TestWorld.demo().hosts().get(0).home();
    TestNode a = TestNode.start("node-a", db, SHORT_LEASE);
    String killed;
    try {
      killed = new TestApi(a.port()).request("node-kill", "migrate");
      awaitStarted(primary, "node-kill");
      a.kill();
    } finally {
      a.close();
    }
    TestNode b = TestNode.start("node-b", db, SHORT_LEASE);
    String stopped;
    String stoppedLog;
    try {
      TestApi api = new TestApi(b.port());
      JsonNode run = api.awaitEnd(killed);
      assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED");
      assertThat(attempts(run)).containsExactly("Task_StepOne:1:SUCCEEDED:ADOPTED", "Task_StepTwo:1:SUCCEEDED:-");
      assertThat(Files.readAllLines(primary.resolve("pol/node-kill/count"))).as("the command ran once").hasSize(1);
      assertThat(trace(primary, "node-kill")).containsExactly("1");
      assertThat(api.log(killed)).contains("REATTACHING");

      stopped = api.request("node-term", "migrate");
      awaitStarted(primary, "node-term");
      b.terminate(Duration.ofSeconds(60));
      stoppedLog = b.log();
      // the step's command ran on, detached or still held by the stopping node's drain
      assertThat(stoppedLog).containsAnyOf("DROVER-NODE-001 stopping with 1 steps still running",
          "DROVER-NODE-002 stopping: no step runs in this node");
    } finally {
      b.close();
    }
    TestNode c = TestNode.start("node-c", db, SHORT_LEASE);
    try {
      JsonNode run = new TestApi(c.port()).awaitEnd(stopped);
      assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED");
      // step one either ended on the stopping node (its outcome recorded while it stopped) or was
      // adopted by the next one; either way it ran once, and no step started on the stopping node
      // after the signal
      assertThat(attempts(run)).hasSize(2).last().isEqualTo("Task_StepTwo:1:SUCCEEDED:-");
      assertThat(attempts(run).get(0)).isIn("Task_StepOne:1:SUCCEEDED:ADOPTED", "Task_StepOne:1:SUCCEEDED:-");
      assertThat(Files.readAllLines(primary.resolve("pol/node-term/count"))).as("the command ran once").hasSize(1);
      assertThat(c.log()).contains("run=" + stopped + " Task_StepTwo");
      assertThat(stoppedLog).doesNotContain("run=" + stopped + " Task_StepTwo");
    } finally {
      c.close();
    }
  }

  @Test
  void twoNodesShareTheWorkAndWhenOneDiesTheOtherFinishesEveryRunRunningNothingTwice() throws Exception {
    String db = TestNode.database("pair");
    Path primary = TestWorld.demo().hosts().get(0).home();
    // two step threads per node: six runs at once keep both busy and leave some steps queued
    String[] settings = {"--camunda.bpm.job-execution.lock-time-in-millis=8000", "--drover.steps.lease-renewal=PT2S",
        "--camunda.bpm.job-execution.core-pool-size=2", "--camunda.bpm.job-execution.max-pool-size=2",
        "--camunda.bpm.job-execution.max-jobs-per-acquisition=2", "--camunda.bpm.job-execution.queue-capacity=0"};
    TestNode a = TestNode.start("pair-a", db, settings);
    TestNode b = TestNode.start("pair-b", db, settings);
    List<String> runs = new ArrayList<>();
    try {
      TestApi api = new TestApi(a.port());
      for (int i = 0; i < 6; i++) {
        runs.add(api.request("pair-" + i, "migrate"));
      }
      // once both nodes run steps, node a dies
      await().atMost(Duration.ofSeconds(60)).until(() -> a.log().contains("Task_StepOne") && b.log().contains(
          "Task_StepOne"));
      a.kill();
      TestApi survivor = new TestApi(b.port());
      for (int i = 0; i < 6; i++) {
        JsonNode run = survivor.awaitEnd(runs.get(i));
        assertThat(run.path("outcome").asText()).as("pair-" + i).isEqualTo("SUCCEEDED");
        assertThat(Files.readAllLines(primary.resolve("pol/pair-" + i + "/count"))).as("pair-%d ran once", i)
            .hasSize(1);
        assertThat(trace(primary, "pair-" + i)).containsExactly("1");
      }
      assertThat(a.log()).as("node a ran steps before it died").contains("status=STARTED");
      assertThat(b.log()).as("node b re-attached node a's steps").contains("REATTACHING");
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void aDatabaseRestartMidStepLosesNoResultAndRunsNothingAgain() throws Exception {
    Path primary = TestWorld.demo().hosts().get(0).home();
    try (TestPostgresServer database = TestPostgresServer.start()) {
      TestNode node = TestNode.start("node-db", database.jdbcUrl(), SHORT_LEASE);
      try {
        TestApi api = new TestApi(node.port());
        String run = api.request("pg-out", "migrate");
        awaitStarted(primary, "pg-out");
        database.down();
        await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21)).until(() -> true);
        database.up();
        JsonNode ended = api.awaitEnd(run);
        assertThat(ended.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(Files.readAllLines(primary.resolve("pol/pg-out/count"))).as("the command ran once").hasSize(1);
        assertThat(trace(primary, "pg-out")).containsExactly("1");
        assertThat(ended.path("steps").get(0).path("status").asText()).isEqualTo("SUCCEEDED");
      } finally {
        node.close();
      }
    }
  }

  private static void awaitStarted(Path host, String service) {
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(host.resolve("pol/" + service + "/count")));
  }

  private static List<String> attempts(JsonNode run) {
    List<String> attempts = new ArrayList<>();
    run.path("steps").forEach(s -> attempts.add(s.path("stepId").asText() + ":" + s.path("attempt").asInt() + ":"
        + s.path("status").asText() + ":" + s.path("verdict").asText("-")));
    return attempts;
  }
}
