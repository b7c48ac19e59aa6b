package io.drover.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.demo.DemoEnvironment;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
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
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Rehearse of service {@code demo} on real SSH hosts: the rehearsal instance comes up on the
 * standby from a copy of its replica and answers with that data, production is not touched (the
 * primary keeps serving, the service stays active on its primary, the standby's replica is as it
 * was), and the cleanup runs after success and after a failed step.
 */
@DroverIntegrationTest
class RehearsalEndToEndTest {

  @LocalServerPort
  int port;

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
  void aRehearsalProvesTheStandbyOnACopyAndLeavesProductionAsItWas() throws Exception {
    assertThat(api.service("demo").path("activeSite").asText()).isEqualTo("primary");
    String before = answer(0);
    assertThat(before).contains("demo app on demo-a");
    String replica = Files.readString(standby.resolve("app/data/state.txt"));

    String id = api.request("demo", "rehearse");
    JsonNode run = api.awaitEnd(id);

    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(steps(run)).containsExactly("Task_StartRehearsal@demo-b", "Task_CheckRehearsal@demo-b",
        "Task_CleanUp@demo-b");
    assertThat(run.path("steps")).allSatisfy(step -> assertThat(step.path("status").asText()).isEqualTo("SUCCEEDED"));
    // the rehearsal instance answered, as the standby's own rehearsal copy, with the replica's data
    assertThat(run.path("steps").get(1).path("stdoutTail").asText())
        .contains("demo app on demo-b-rehearsal: " + replica.strip());
    // production untouched: the primary served throughout, the service is still active there, the replica as it was
    assertThat(answer(0)).isEqualTo(before);
    assertThat(answer(1)).isNull();
    assertThat(api.service("demo").path("activeSite").asText()).isEqualTo("primary");
    assertThat(Files.readString(standby.resolve("app/data/state.txt"))).isEqualTo(replica);
    // cleaned up: no rehearsal copy or process left on the standby
    assertThat(standby.resolve("app/rehearsal")).doesNotExist();
    assertThat(api.log(id)).contains("RUN_ADMITTED").contains("action=rehearse").contains("Task_CleanUp")
        .contains("RUN_ENDED").contains("outcome=SUCCEEDED service=demo state=PRIMARY");
  }

  @Test
  void aFailedRehearsalStepStillRunsTheCleanupAndTheServiceStaysOnItsPrimary() throws Exception {
    // a leftover of an earlier rehearsal makes the start refuse (DIE); the cleanup after failure removes it
    Path leftover = Files.createDirectories(standby.resolve("app/rehearsal/data"));
    Files.writeString(leftover.resolve("state.txt"), "left by an interrupted rehearsal\n");

    JsonNode run = api.awaitEnd(api.request("demo", "rehearse"));

    assertThat(run.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(steps(run)).containsExactly("Task_StartRehearsal@demo-b", "Task_CleanUpAfterFailure@demo-b");
    assertThat(run.path("steps").get(0).path("status").asText()).isEqualTo("FAILED");
    assertThat(run.path("steps").get(0).path("stderrTail").asText()).contains("a rehearsal is left in");
    assertThat(run.path("steps").get(1).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(standby.resolve("app/rehearsal")).doesNotExist();
    // a failed rehearsal changed nothing in production: never IN_DOUBT, the service may fail over as before
    assertThat(api.service("demo").path("activeSite").asText()).isEqualTo("primary");
    assertThat(api.service("demo").path("status").asText()).isEqualTo("READY");
    assertThat(answer(0)).contains("demo app on demo-a");
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
