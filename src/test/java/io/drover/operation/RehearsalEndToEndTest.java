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
import io.drover.support.TestCli;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
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

  @org.springframework.beans.factory.annotation.Autowired
  RepositoryService repository;

  @org.springframework.beans.factory.annotation.Autowired
  RehearsalMetrics metrics;

  @org.springframework.beans.factory.annotation.Autowired
  org.camunda.bpm.engine.ManagementService management;

  @org.springframework.beans.factory.annotation.Autowired
  org.camunda.bpm.engine.RuntimeService runtime;

  @org.springframework.beans.factory.annotation.Autowired
  org.springframework.jdbc.core.JdbcTemplate jdbc;

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

    // the exercise report: measured RTO until the instance answered, the copy it used, no findings, cleaned up
    String exercise = api.client().getText("/api/runs/" + id + "/exercise").body();
    assertThat(exercise).contains("DR exercise report: rehearsal of demo")
        .containsPattern("Measured RTO</td><td>[0-9.]+ s from the request until the rehearsal instance answered its"
            + " last check \\(Check rehearsal instance answers with the copied data\\)")
        .contains("copy of " + standby.resolve("app/data") + " taken 20").contains("No step failed or warned.")
        .contains("cleaned up: Clean up rehearsal on standby on demo-b SUCCEEDED");
    Path pdf = Files.createTempDirectory("exercise").resolve("exercise.pdf");
    TestCli.Result written = TestCli.run("report", "--url", "http://127.0.0.1:" + port, "--exercise", id, "-o",
        pdf.toString());
    assertThat(written.status()).as(written.err()).isZero();
    assertThat(written.out()).contains("wrote the exercise report of run " + id);
    try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(Files.readAllBytes(pdf))) {
      assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", " "))
          .contains("DR exercise report: rehearsal of demo").contains("Scenario and objective")
          .contains("Measured RTO").contains("Recovery point used").contains("cleaned up: Clean up rehearsal");
    }
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
    // the exercise report lists the failed start as a finding to assign, and the cleanup that still ran
    String exercise = api.client().getText("/api/runs/" + run.path("runId").asText() + "/exercise").body();
    assertThat(exercise).contains("<th>Owner</th><th>Due date</th>")
        .contains("Start rehearsal instance on standby from a copy, attempt 1").contains("FAILED exit 1")
        .contains("not measured: no check of the rehearsal instance succeeded")
        .contains("cleaned up: Clean up failed rehearsal on standby on demo-b SUCCEEDED");
  }

  @Test
  void theServicesRecordSaysWhetherItsLastRehearsalStillProvesIt() throws Exception {
    String id = api.request("demo", "rehearse");
    assertThat(api.awaitEnd(id).path("outcome").asText()).isEqualTo("SUCCEEDED");
    JsonNode rehearsal = api.service("demo").path("rehearsal");
    assertThat(rehearsal.path("status").asText()).isEqualTo("PROVEN");
    assertThat(rehearsal.path("provenRunId").asText()).isEqualTo(id);
    assertThat(rehearsal.path("lastOutcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(java.time.Instant.parse(rehearsal.path("dueAt").asText())).isEqualTo(java.time.Instant.parse(
        rehearsal.path("provenAt").asText()).plus(java.time.Duration.ofDays(365)));
    assertThat(prometheus()).contains("drover_rehearsal_proven{service=\"demo\"} 1.0")
        .containsPattern("drover_rehearsal_age_seconds\\{service=\"demo\"} [0-9.]+(E-?[0-9]+)?\n");
    assertThat(TestCli.run("services", "--url", "http://127.0.0.1:" + port).out())
        .contains("demo: rehearsal PROVEN, last rehearsal").contains("(run " + id + ")");

    // a new version of the rehearse procedure (here only its documentation changed) is not what was proven
    ProcessDefinition latest = repository.createProcessDefinitionQuery().processDefinitionKey("demo-rehearse")
        .latestVersion().singleResult();
    String model = new String(repository.getResourceAsStream(latest.getDeploymentId(), latest.getResourceName())
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    repository.createDeployment().name("rehearsal-test").addString("demo-rehearse.bpmn",
        model.replace("Rehearsal of service demo", "Rehearsal (changed) of service demo")).deploy();
    try {
      assertThat(api.service("demo").path("rehearsal").path("status").asText()).isEqualTo("NEEDS_VERIFICATION");
      metrics.refresh();
      assertThat(prometheus()).contains("drover_rehearsal_proven{service=\"demo\"} 0.0");
      assertThat(TestCli.run("services", "--url", "http://127.0.0.1:" + port).out()).contains("! demo: rehearsal"
          + " NEEDS_VERIFICATION").contains("its procedures or inventory changed since; rehearse again: drover run"
          + " demo rehearse");
    } finally {
      // the same model as proven, deployed again: proven again
      repository.createDeployment().name("rehearsal-test").addString("demo-rehearse.bpmn", model).deploy();
      metrics.refresh();
    }
    assertThat(api.service("demo").path("rehearsal").path("status").asText()).isEqualTo("PROVEN");
  }

  @Test
  void aCleanupThatFailsHoldsTheServiceWithItsLeftoversUntilDroverCleanupFinishesIt() throws Exception {
    JobDefinition cleanupJob = jobDefinition("Task_CleanUp");
    Process blocker = null;
    management.suspendJobDefinitionById(cleanupJob.getId());
    try {
      String id = api.request("demo", "rehearse");
      awaitJob(id, "Task_CleanUp");
      // the rehearsal instance is replaced by a process that ignores SIGTERM: the cleanup cannot stop it
      Path pidFile = standby.resolve("app/rehearsal/app.pid");
      ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroy);
      blocker = new ProcessBuilder("bash", "-c", "trap '' TERM; exec sleep 300").start();
      Files.writeString(pidFile, blocker.pid() + "\n");
      management.activateJobDefinitionById(cleanupJob.getId(), true);

      JsonNode run = api.awaitEnd(id);
      assertThat(run.path("outcome").asText()).isEqualTo("CLEANUP_INCOMPLETE");
      assertThat(run.path("leftovers").toString()).contains("process " + blocker.pid() + " (rehearsal instance on demo-b")
          .contains("directory " + standby.resolve("app/rehearsal"));
      JsonNode service = api.service("demo");
      assertThat(service.path("status").asText()).isEqualTo("CLEANUP_INCOMPLETE");
      assertThat(service.path("cleanupRunId").asText()).isEqualTo(id);
      assertThat(TestCli.run("services", "--url", "http://127.0.0.1:" + port).out())
          .contains("! demo: CLEANUP_INCOMPLETE: rehearsal " + id).contains("drover cleanup " + id);
      assertThat(TestCli.run("status", "--url", "http://127.0.0.1:" + port, id).out())
          .contains("outcome: CLEANUP_INCOMPLETE").contains("left over: process " + blocker.pid())
          .contains("then: drover cleanup " + id);
      assertThat(api.client().getText("/api/runs/" + id + "/exercise").body()).contains("CLEANUP INCOMPLETE")
          .contains("Left over").contains("process " + blocker.pid());
      // held: no rehearsal and no failover until the cleanup is done, unless forced with a reason
      TestApi.assertRefused(() -> api.request("demo", "rehearse"), 409, "service demo is CLEANUP_INCOMPLETE:"
          + " rehearsal " + id + " left process " + blocker.pid());
      TestApi.assertRefused(() -> api.request("demo", "migrate"), 409, "drover cleanup " + id);
      TestApi.assertRefused(() -> api.client().post("/api/services/demo/operations", java.util.Map.of("action",
          "migrate", "force", true)), 400, "needs a reason");
      TestApi.assertRefused(() -> api.client().post("/api/runs/" + java.util.UUID.randomUUID() + "/cleanup", java.util.Map.of()), 404,
          "no run");

      // the operator stops the stuck process; drover cleanup runs only the cleanup steps, and frees the service
      blocker.destroyForcibly().waitFor();
      TestCli.Result cleanup = TestCli.run("cleanup", "--url", "http://127.0.0.1:" + port, id, "--reason",
          "killed the stuck rehearsal instance", "--wait");
      assertThat(cleanup.status()).as(cleanup.out() + cleanup.err()).isZero();
      assertThat(cleanup.out()).contains("cleanup of rehearsal " + id + " started").contains("outcome: SUCCEEDED");
      String cleanupRun = jdbc.queryForObject("select id from drover_run where cleanup_of=?", String.class, id);
      assertThat(steps(api.run(cleanupRun))).containsExactly("Task_CleanUp@demo-b");
      assertThat(standby.resolve("app/rehearsal")).doesNotExist();
      service = api.service("demo");
      assertThat(service.path("status").asText()).isEqualTo("READY");
      assertThat(service.path("cleanupRunId").isNull()).isTrue();
      assertThat(jdbc.queryForObject("select count(*) from drover_audit where kind='CLEANED_UP' and run_id=?",
          Integer.class, cleanupRun)).isEqualTo(1);
      TestApi.assertRefused(() -> api.client().post("/api/runs/" + id + "/cleanup", java.util.Map.of()), 409,
          "has no incomplete cleanup");
      // a cleanup run is not a rehearsal: the record still names the rehearsal that failed to clean up
      assertThat(service.path("rehearsal").path("lastRunId").asText()).isEqualTo(id);

      // leftovers removed by hand (as after a procedure without cleanup steps): stated with a reason, audited
      jdbc.update("update drover_service_state set cleanup_run_id=? where service='demo'", id);
      TestCli.Result noReason = TestCli.run("cleanup", "--url", "http://127.0.0.1:" + port, id, "--done");
      assertThat(noReason.status()).isNotZero();
      assertThat(noReason.err()).contains("say how the leftovers were removed");
      TestCli.Result done = TestCli.run("cleanup", "--url", "http://127.0.0.1:" + port, id, "--done", "--reason",
          "removed the copy by hand");
      assertThat(done.status()).as(done.err()).isZero();
      assertThat(api.service("demo").path("status").asText()).isEqualTo("READY");
      assertThat(jdbc.queryForObject("select detail from drover_audit where kind='CLEANED_UP' and run_id=?",
          String.class, id)).contains("removed by hand").contains("removed the copy by hand");
    } finally {
      management.activateJobDefinitionById(cleanupJob.getId(), true);
      if (blocker != null) {
        blocker.destroyForcibly();
      }
    }
  }

  @Test
  void aCancelledRehearsalIsCleanedUpByDroverAtOnce() throws Exception {
    JobDefinition checkJob = jobDefinition("Task_CheckRehearsal");
    management.suspendJobDefinitionById(checkJob.getId());
    try {
      String id = api.request("demo", "rehearse");
      awaitJob(id, "Task_CheckRehearsal");
      assertThat(standby.resolve("app/rehearsal/data")).exists();
      // cancelled as from Cockpit, while its check waits
      runtime.deleteProcessInstance(jdbc.queryForObject("select process_instance_id from drover_run where id=?",
          String.class, id), "cancelled by the test");

      assertThat(api.awaitEnd(id).path("outcome").asText()).isEqualTo("ABORTED");
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
          jdbc.queryForObject("select count(*) from drover_audit where kind='CLEANED_UP' and service='demo' and"
              + " detail like ?", Integer.class, "rehearsal " + id + " cleaned up%") == 1);
      String cleanupRun = jdbc.queryForObject("select id from drover_run where cleanup_of=?", String.class, id);
      JsonNode cleanup = api.awaitEnd(cleanupRun);
      assertThat(cleanup.path("outcome").asText()).isEqualTo("SUCCEEDED");
      assertThat(cleanup.path("requestedBy").asText()).isEqualTo("drover");
      assertThat(steps(cleanup)).containsExactly("Task_CleanUp@demo-b");
      assertThat(standby.resolve("app/rehearsal")).doesNotExist();
      assertThat(api.service("demo").path("status").asText()).isEqualTo("READY");
      assertThat(api.log(id)).contains("CLEANUP_INCOMPLETE").contains("Drover starts its cleanup now");
    } finally {
      management.activateJobDefinitionById(checkJob.getId(), true);
    }
  }

  private JobDefinition jobDefinition(String step) {
    ProcessDefinition latest = repository.createProcessDefinitionQuery().processDefinitionKey("demo-rehearse")
        .latestVersion().singleResult();
    return management.createJobDefinitionQuery().processDefinitionId(latest.getId()).activityIdIn(step).singleResult();
  }

  private void awaitJob(String runId, String step) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
      String instance = jdbc.queryForObject("select process_instance_id from drover_run where id=?", String.class,
          runId);
      return instance != null && management.createJobQuery().processInstanceId(instance).activityId(step).count() > 0;
    });
  }

  private String prometheus() throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
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
