package io.drover.operation;

import static io.drover.support.TestApi.assertRefused;
import static io.drover.support.TestWorld.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.client.ApiClient;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.HistoricInstance;
import io.drover.support.TestApi;
import io.drover.support.TestWorld;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each failure policy on real SSH with real failing commands; effects asserted on the hosts
 * (trace files the commands append to), in the journal and on the path the token took.
 */
@DroverIntegrationTest
class FailurePolicyEndToEndTest {

  @LocalServerPort
  int port;

  @Autowired
  ProcessEngine engine;

  @Autowired
  HistoryService history;

  @Autowired
  RuntimeService runtime;

  @Autowired
  IdentityService identity;

  @Autowired
  JdbcTemplate jdbc;

  TestApi api;
  Path primary;
  Path standby;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    api = new TestApi(port);
    primary = TestWorld.demo().hosts().get(0).home();
    standby = TestWorld.demo().hosts().get(1).home();
  }

  @Test
  void dieStopsTheRunAndNoLaterStepRuns() throws Exception {
    JsonNode run = api.awaitEnd(api.request("pol-die", "migrate"));
    assertThat(run.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(run.path("failedStep").asText()).isEqualTo("Run step one");
    assertThat(run.path("lastGoodStep").asText(null)).as("no step succeeded").isNull();
    assertThat(trace(primary, "pol-die")).containsExactly("1");
    assertThat(trace(standby, "pol-die")).isEmpty();
    assertThat(attempts(run)).containsExactly("Task_StepOne:1:FAILED:NON_ZERO_EXIT:3");
    assertThat(api.log(run.path("runId").asText())).contains("policy=DIE").contains("outcome=FAILED");
    assertThat(instance(run)).hasPassed("Boundary_StepOneFailed", "End_StepOneFailed").hasNotPassed("Task_StepTwo");

    JsonNode service = api.service("pol-die");
    assertThat(service.path("status").asText()).isEqualTo("IN_DOUBT");
    assertThat(service.path("activeSite").asText()).isEqualTo("primary");
    assertRefused(() -> api.request("pol-die", "migrate"), 409, "IN_DOUBT");
    assertRefused(() -> api.client().post("/api/services/pol-die/ack", Map.of("site", "primary")), 400, "reason");
    api.client().post("/api/services/pol-die/ack", Map.of("site", "primary", "reason", "checked step one by hand"));
    assertThat(api.service("pol-die").path("status").asText()).isEqualTo("READY");
    assertThat(jdbc.queryForObject("select count(*) from drover_event where service='pol-die' and kind='ACKNOWLEDGED'"
        + " and detail like '%checked step one by hand%'", Integer.class)).isEqualTo(1);
  }

  @Test
  void warnLogsTheFailureAndGoesOn() throws Exception {
    JsonNode run = api.awaitEnd(api.request("pol-warn", "migrate"));
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED_WITH_WARNINGS");
    assertThat(run.path("warnings").asInt()).isEqualTo(1);
    assertThat(run.path("lastGoodStep").asText()).as("a step failed under WARN is not a good one").isEqualTo("Run step two");
    assertThat(trace(primary, "pol-warn")).containsExactly("1");
    assertThat(trace(standby, "pol-warn")).containsExactly("2");
    assertThat(attempts(run)).containsExactly("Task_StepOne:1:FAILED:NON_ZERO_EXIT:3", "Task_StepTwo:1:SUCCEEDED:-:0");
    assertThat(instance(run)).hasPassed("Boundary_StepOneFailed", "Task_StepTwo", "End_Succeeded");
    assertThat(api.service("pol-warn").path("activeSite").asText()).isEqualTo("standby");
  }

  @Test
  void retryTwoDieMakesExactlyThreeAttemptsThenDies() throws Exception {
    JsonNode run = api.awaitEnd(api.request("pol-retry", "migrate"));
    assertThat(run.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(trace(primary, "pol-retry")).containsExactly("1", "1", "1");
    assertThat(trace(standby, "pol-retry")).isEmpty();
    assertThat(attempts(run)).containsExactly("Task_StepOne:1:FAILED:NON_ZERO_EXIT:4", "Task_StepOne:2:FAILED:NON_ZERO_EXIT:4",
        "Task_StepOne:3:FAILED:NON_ZERO_EXIT:4");
    String log = api.log(run.path("runId").asText());
    assertThat(log).contains("attempt=1 status=FAILED").contains("policy=RETRY").contains("attempt=3 status=FAILED");
    assertThat(instance(run)).hasPassed("End_StepOneFailed").hasNotPassed("Task_StepTwo");
  }

  @Test
  void retryOneWarnThatSucceedsOnItsSecondAttemptSucceeds() throws Exception {
    JsonNode run = api.awaitEnd(api.request("pol-retrywarn", "migrate"));
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.path("lastGoodStep").asText()).isEqualTo("Run step two");
    assertThat(trace(primary, "pol-retrywarn")).containsExactly("1", "1");
    assertThat(attempts(run)).containsExactly("Task_StepOne:1:FAILED:NON_ZERO_EXIT:1", "Task_StepOne:2:SUCCEEDED:-:0",
        "Task_StepTwo:1:SUCCEEDED:-:0");
    assertThat(instance(run)).hasPassed("Task_StepTwo", "End_Succeeded").hasNotPassed("Boundary_StepOneFailed");
  }

  @Test
  void askRetryRunsTheStepAgainAfterTheOperatorDecided() throws Exception {
    String runId = api.request("ask-retry", "migrate");
    JsonNode task = awaitDecisionTask(runId);
    assertThat(variable(task, "failedHost")).isEqualTo("pa");
    assertThat(variable(task, "failedExitCode")).isEqualTo("5");
    assertThat(variable(task, "failedStderr")).contains("no ok file");
    assertThat(variable(task, "failedCommand")).contains("sh -c");
    // refused with 400 and Drover's message; the task stays open
    assertRefused(() -> complete(task, "retry", ""), 400, "DROVER-ASK-002");
    assertRefused(() -> complete(task, "later", "because"), 400, "DROVER-ASK-001");
    assertThat(tasks(runId)).hasSize(1);
    Files.createDirectories(primary.resolve("pol/ask-retry"));
    Files.writeString(primary.resolve("pol/ask-retry/ok"), "fixed\n");
    identity.setAuthenticatedUserId("olivia");
    complete(task, "retry", "created the missing file");
    identity.clearAuthentication();
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(trace(primary, "ask-retry")).containsExactly("1", "1");
    assertThat(trace(standby, "ask-retry")).containsExactly("2");
    assertThat(instance(run)).hasPassed("UserTask_DecideStepOne", "Task_StepTwo");
    assertThat(api.log(runId)).contains("DECISION").contains("retry after failed step 'Run step one': created the missing file");
  }

  @Test
  void askSkipContinuesAsAWarning() throws Exception {
    String runId = api.request("ask-skip", "migrate");
    complete(awaitDecisionTask(runId), "skip", "disk checked, not needed for this run");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED_WITH_WARNINGS");
    assertThat(trace(primary, "ask-skip")).containsExactly("1");
    assertThat(trace(standby, "ask-skip")).containsExactly("2");
    assertThat(instance(run)).hasPassed("UserTask_DecideStepOne", "Gateway_DecisionStepOne", "Task_StepTwo");
  }

  @Test
  void askAbortEndsTheRunAsDie() throws Exception {
    String runId = api.request("ask-abort", "migrate");
    complete(awaitDecisionTask(runId), "abort", "storage team says stop");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(trace(standby, "ask-abort")).isEmpty();
    assertThat(instance(run)).hasPassed("End_StepOneAborted").hasNotPassed("Task_StepTwo");
    assertThat(api.service("ask-abort").path("status").asText()).isEqualTo("IN_DOUBT");
    assertThat(jdbc.queryForObject("select count(*) from drover_event where run_id=? and kind='DECISION'"
        + " and detail like 'abort%storage team says stop'", Integer.class, runId)).isEqualTo(1);
  }

  @Test
  void aHostLostMidRunFollowsThePolicyAndRecordsWhy() throws Exception {
    // the preflight would refuse this run (pol-silent never answers): skipped, to see what happens mid-run
    String runId = api.requestWithoutPreflight("pol-reach", "migrate");
    Path thirdHome = TestWorld.third().home();
    // step one must be recorded as finished before its host goes away, not merely have written its trace
    await().atMost(Duration.ofSeconds(30))
        .until(() -> attempts(api.run(runId)).contains("Task_StepOne:1:SUCCEEDED:-:0"));
    TestWorld.third().stop();
    Files.createDirectories(standby.resolve("pol/pol-reach"));
    Files.writeString(standby.resolve("pol/pol-reach/go"), "go\n");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED_WITH_WARNINGS");
    assertThat(attempts(run)).containsExactly("Task_StepOne:1:SUCCEEDED:-:0", "Task_WaitForGo:1:SUCCEEDED:-:0",
        "Task_StepThree:1:FAILED:CONNECTION_REFUSED:-", "Task_StepFour:1:FAILED:CONNECTION_TIMEOUT:-");
    assertThat(trace(thirdHome, "pol-reach")).containsExactly("1");
  }

  @Test
  void cancellingARunFromCockpitReleasesTheServiceAndJournalsWho() throws Exception {
    String runId = api.request("ask-cancel", "migrate");
    awaitDecisionTask(runId);
    String instanceId = runtime.createProcessInstanceQuery().processInstanceBusinessKey(runId).singleResult().getId();
    identity.setAuthenticatedUserId("carol");
    runtime.deleteProcessInstance(instanceId, "operator cancelled", true);
    identity.clearAuthentication();
    JsonNode run = api.run(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("ABORTED");
    JsonNode service = api.service("ask-cancel");
    assertThat(service.path("runId").isNull()).isTrue();
    assertThat(service.path("runId").isNull()).isTrue();
    assertThat(service.path("status").asText()).isEqualTo("IN_DOUBT");
    assertThat(jdbc.queryForObject("select actor from drover_event where run_id=? and kind='RUN_ABORTED'", String.class,
        runId)).isEqualTo("carol");
  }

  @Test
  void anInternalErrorBecomesAnIncidentNotASilentlyStuckRun() throws Exception {
    // the preflight refuses this run (its variable does not exist): skipped, to see what the engine does
    assertRefused(() -> api.request("pol-bug", "migrate"), 422, "no variable undefinedVariable");
    String runId = api.requestWithoutPreflight("pol-bug", "migrate");
    String instanceId = runtime.createProcessInstanceQuery().processInstanceBusinessKey(runId).singleResult().getId();
    await().atMost(Duration.ofSeconds(30)).until(() -> runtime.createIncidentQuery().processInstanceId(instanceId).count() == 1);
    assertThat(runtime.createIncidentQuery().processInstanceId(instanceId).singleResult().getIncidentMessage())
        .contains("undefinedVariable");
    assertThat(api.run(runId).path("status").asText()).isEqualTo("RUNNING");
    assertThat(api.service("pol-bug").path("runId").asText()).isEqualTo(runId);
    assertRefused(() -> api.request("pol-bug", "migrate"), 409, "is held by run " + runId);
    runtime.deleteProcessInstance(instanceId, "model fixed, run abandoned", true);
    assertThat(api.run(runId).path("outcome").asText()).isEqualTo("ABORTED");
  }

  private ProcessInstance instance(JsonNode run) {
    return new HistoricInstance(history.createHistoricProcessInstanceQuery()
        .processInstanceBusinessKey(run.path("runId").asText()).singleResult());
  }

  private JsonNode awaitDecisionTask(String runId) throws IOException {
    await().atMost(Duration.ofSeconds(30)).until(() -> tasks(runId).size() == 1);
    return tasks(runId).get(0);
  }

  private List<JsonNode> tasks(String runId) throws IOException {
    List<JsonNode> tasks = new ArrayList<>();
    api.client().get("/engine-rest/task?processInstanceBusinessKey=" + runId).forEach(tasks::add);
    return tasks;
  }

  private String variable(JsonNode task, String name) throws IOException {
    return api.client().get("/engine-rest/task/" + task.path("id").asText() + "/variables/" + name).path("value").asText();
  }

  private JsonNode complete(JsonNode task, String decision, String reason) throws IOException {
    return api.client().post("/engine-rest/task/" + task.path("id").asText() + "/submit-form", Map.of("variables", Map.of(
        "decision", Map.of("value", decision, "type", "String"),
        "decisionReason", Map.of("value", reason, "type", "String"))));
  }

  private static List<String> attempts(JsonNode run) {
    List<String> attempts = new ArrayList<>();
    run.path("steps").forEach(s -> attempts.add(s.path("stepId").asText() + ":" + s.path("attempt").asInt() + ":"
        + s.path("status").asText() + ":" + s.path("reason").asText("-") + ":" + s.path("exitCode").asText("-")));
    return attempts;
  }


}
