package io.drover.operation;

import static io.drover.support.TestApi.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.client.ApiClient;
import io.drover.demo.DemoEnvironment;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestApprovals;
import io.drover.support.TestWorld;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The foundation end to end: migrate, failback and takeover of service {@code demo} on real SSH
 * hosts and a real PostgreSQL, asserting the effects on the hosts, the active site, the journal
 * and the refusals.
 */
@DroverIntegrationTest
class FailoverEndToEndTest {

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  org.camunda.bpm.engine.TaskService tasks;

  @Autowired
  org.camunda.bpm.engine.IdentityService identity;

  TestApi api;
  DemoEnvironment world;
  Path primary;
  Path standby;

  @BeforeEach
  void setUp() {
    api = new TestApi(port);
    world = TestWorld.demo();
    primary = world.hosts().get(0).home();
    standby = world.hosts().get(1).home();
  }

  @Test
  void migrateThenFailbackThenTakeoverMoveTheServiceAndRecordEveryStep() throws Exception {
    assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
    assertThat(api.service("demo").path("activeSite").asText()).isEqualTo("primary");
    String original = Files.readString(primary.resolve("app/data/state.txt"));
    assertThat(answer(0)).contains("demo app on demo-a");

    assertRefused(() -> api.request("demo", "failback"), 409, "needs service demo active on its standby site");

    int sessionsA = world.hosts().get(0).sessionsOpened();
    int sessionsB = world.hosts().get(1).sessionsOpened();
    String migrate = api.request("demo", "migrate");
    assertRefused(() -> api.request("demo", "migrate"), 409, "is held by run " + migrate);
    JsonNode run = api.awaitEnd(migrate);
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED");
    // per host, one SSH session for the preflight's checks and one for the whole run, shared by its steps
    assertThat(world.hosts().get(0).sessionsOpened() - sessionsA).isEqualTo(2);
    assertThat(world.hosts().get(1).sessionsOpened() - sessionsB).isEqualTo(2);
    assertThat(steps(run)).containsExactly("Task_StopApplication@demo-a", "Task_CopyData@demo-a->demo-b",
        "Task_StartApplication@demo-b", "Task_CheckApplication@demo-b");
    assertThat(run.path("steps")).allSatisfy(step -> {
      assertThat(step.path("status").asText()).isEqualTo("SUCCEEDED");
      assertThat(step.path("exitCode").asInt()).isZero();
      assertThat(step.path("startedAt").asText()).isNotEmpty();
      assertThat(step.path("endedAt").asText()).isNotEmpty();
    });
    assertThat(run.path("steps").get(0).path("command").asText()).isEqualTo("app/bin/demo-app stop");
    assertThat(run.path("steps").get(3).path("stdoutTail").asText()).contains("demo app on demo-b");
    assertThat(Files.readString(standby.resolve("app/data/state.txt"))).isEqualTo(original);
    assertThat(answer(1)).contains("demo app on demo-b: " + original.strip());
    assertThat(answer(0)).isNull();
    assertThat(primary.resolve("app/run/app.pid")).doesNotExist();
    assertThat(api.service("demo").path("activeSite").asText()).isEqualTo("standby");
    assertThat(api.service("demo").path("status").asText()).isEqualTo("READY");
    String log = api.log(migrate);
    assertThat(log).contains("RUN_ADMITTED").contains("Task_CopyData").contains("RUN_ENDED").contains("outcome=SUCCEEDED");
    assertThat(world.root().getParent().resolve("runs").resolve(migrate + ".log")).exists();

    assertRefused(() -> api.request("demo", "migrate"), 409, "active on its standby site");
    assertRefused(() -> api.request("demo", "takeover"), 409, "active on its standby site");

    Files.writeString(standby.resolve("app/data/state.txt"), "accounts=43 balance=999000 written-at-nyc\n");
    JsonNode failback = api.awaitEnd(api.request("demo", "failback"));
    assertThat(failback.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(steps(failback)).containsExactly("Task_StopApplication@demo-b", "Task_CopyData@demo-b->demo-a",
        "Task_StartApplication@demo-a", "Task_CheckApplication@demo-a");
    assertThat(Files.readString(primary.resolve("app/data/state.txt"))).contains("written-at-nyc");
    // one follower for both runs, as the demo has: each run's lines carry its own procedure's step names
    java.io.ByteArrayOutputStream followed = new java.io.ByteArrayOutputStream();
    io.drover.client.RunFollower follower = new io.drover.client.RunFollower(api.client(),
        new java.io.PrintStream(followed, true, java.nio.charset.StandardCharsets.UTF_8), java.time.Duration.ZERO);
    follower.follow(migrate);
    int mark = followed.toString(java.nio.charset.StandardCharsets.UTF_8).length();
    follower.follow(failback.path("runId").asText());
    String failbackLines = followed.toString(java.nio.charset.StandardCharsets.UTF_8).substring(mark);
    assertThat(failbackLines).contains("Stop application on standby").contains("Copy data to primary")
        .doesNotContain("Stop application on primary");
    assertThat(answer(0)).contains("demo app on demo-a: accounts=43");
    assertThat(answer(1)).isNull();
    assertThat(api.service("demo").path("activeSite").asText()).isEqualTo("primary");

    // takeover needs a second person's approval by default
    String takeoverId = api.request("demo", "takeover");
    assertThat(api.run(takeoverId).path("status").asText()).isEqualTo("AWAITING_APPROVAL");
    new TestApprovals(tasks, identity).approve(takeoverId, "olivia", List.of("dr-approver", "service-demo"),
        "site ldn lost, DR declared");
    JsonNode takeover = api.awaitEnd(takeoverId);
    assertThat(takeover.path("approvedBy").asText()).isEqualTo("olivia");
    assertThat(takeover.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(steps(takeover)).containsExactly("Task_FencePrimary@demo-a", "Task_StartApplication@demo-b",
        "Task_CheckApplication@demo-b");
    assertThat(answer(1)).contains("demo app on demo-b");
    assertThat(answer(0)).isNull();
    assertThat(api.service("demo").path("activeSite").asText()).isEqualTo("standby");

    Integer attempts = jdbc.queryForObject("select count(*) from drover_step_attempt where run_id in (?,?,?)",
        Integer.class, migrate, failback.path("runId").asText(), takeover.path("runId").asText());
    assertThat(attempts).isEqualTo(11);
    List<String> outcomes = jdbc.queryForList("select outcome from drover_run where id in (?,?,?)", String.class,
        migrate, failback.path("runId").asText(), takeover.path("runId").asText());
    assertThat(outcomes).containsOnly("SUCCEEDED");

    // put the service home again for other tests
    assertThat(api.awaitEnd(api.request("demo", "failback")).path("outcome").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void badRequestsAreRefusedWithProblemDetails() throws Exception {
    assertRefused(() -> api.request("demo", "explode"), 400, "valid actions: migrate, takeover, failback");
    assertRefused(() -> api.request("nosuch", "migrate"), 404, "service 'nosuch' is not in the inventory");
    assertRefused(() -> api.client().get("/api/runs/no-such-run"), 404, "no run no-such-run");
    HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/services/demo/operations"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"explode\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(400);
    assertThat(raw.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    assertThat(raw.body()).contains("\"type\":\"https://drover.io/problems/unknown-action\"").contains("\"status\":400");
  }

  private static List<String> steps(JsonNode run) {
    List<String> steps = new ArrayList<>();
    run.path("steps").forEach(s -> steps.add(s.path("stepId").asText() + "@" + s.path("host").asText()));
    return steps;
  }

  /** What the demo app on host {@code index} answers over HTTP, or null if nothing listens. */
  private String answer(int index) throws InterruptedException {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + world.appPort(index) + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return null;
    }
  }

}
