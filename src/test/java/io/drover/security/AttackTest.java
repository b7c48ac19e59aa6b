package io.drover.security;

import static io.drover.support.TestWorld.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestApprovals;
import io.drover.support.TestWorld;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.el.StartProcessVariableScope;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The paths around admission, approval and the secret store, replayed against a running server in
 * open mode (the demo's): each must be refused, audited, and leave nothing run or changed. The same
 * gate stands in secured mode, in front of administrators too (it does not look at who asks).
 */
@DroverIntegrationTest
class AttackTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXPRESSION_BPMN = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="x">
        <bpmn:process id="evil" isExecutable="true" camunda:historyTimeToLive="P1D">
          <bpmn:startEvent id="s"/>
          <bpmn:scriptTask id="t" scriptFormat="juel"><bpmn:script>${credentialStore.get('demo-ssh-key')}</bpmn:script></bpmn:scriptTask>
          <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t"/>
        </bpmn:process>
      </bpmn:definitions>
      """;

  @LocalServerPort
  int port;

  @Autowired
  TaskService tasks;

  @Autowired
  RuntimeService runtime;

  @Autowired
  RepositoryService repository;

  @Autowired
  IdentityService identity;

  @Autowired
  ProcessEngine engine;

  @Autowired
  Journal journal;

  @Autowired
  AuditTrail audit;

  @Autowired
  JdbcTemplate jdbc;

  private final HttpClient http = HttpClient.newHttpClient();
  TestApi api;
  TestApprovals approvals;
  Path primary;

  @BeforeEach
  void setUp() {
    api = new TestApi(port);
    approvals = new TestApprovals(tasks, identity);
    primary = TestWorld.demo().hosts().get(0).home();
  }

  @Test
  void nobodyDeploysThroughTheRestApiAndExpressionsSeeOnlyStepBeans() throws Exception {
    long deployments = repository.createDeploymentQuery().count();
    long refusals = refusals();
    for (String base : List.of("/engine-rest", "/engine-rest/engine/default", "/camunda/api/engine/engine/default")) {
      HttpResponse<String> response = multipart(base + "/deployment/create", null);
      assertThat(response.statusCode()).as(base + ": " + response.body()).isEqualTo(403);
      assertThat(response.body()).contains("engine-rest-refused").contains("deployed only by Drover");
    }
    // path tricks are refused too (by the firewall in front, or by the same rule)
    assertThat(multipart("/engine-rest//deployment/create/", null).statusCode()).isIn(400, 403);
    assertThat(multipart("/engine-rest/deployment;x=y/create", null).statusCode()).isIn(400, 403);
    assertThat(multipart("/engine-rest/deployment/create/", null).statusCode()).isEqualTo(403);
    assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
    assertThat(refusals()).isGreaterThanOrEqualTo(refusals + 4);

    // a page of another origin cannot send even the refused request: refused before it reaches anything
    HttpResponse<String> crossOrigin = multipart("/engine-rest/deployment/create", "http://evil.example");
    assertThat(crossOrigin.statusCode()).isEqualTo(403);
    assertThat(crossOrigin.body()).contains("cross-origin");
    HttpResponse<String> crossOriginRun = send("POST", "/api/services/atk-b/operations", "{\"action\":\"migrate\"}",
        "http://evil.example");
    assertThat(crossOriginRun.statusCode()).isEqualTo(403);
    assertThat(api.service("atk-b").path("runId").isNull()).isTrue();

    // had one been deployed, its expressions would not reach the secret store or any other bean
    var expressions = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getExpressionManager();
    var scope = StartProcessVariableScope.getSharedInstance();
    assertThatThrownBy(() -> expressions.createExpression("${credentialStore}").getValue(scope))
        .hasMessageContaining("credentialStore");
    Object stepBean = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getCommandExecutorTxRequired().execute(context -> expressions.createExpression("${commandStep}").getValue(scope));
    assertThat(stepBean).isNotNull();
  }

  @Test
  void nobodyStartsAProcedureAroundAdmission() throws Exception {
    long instances = runtime.createProcessInstanceQuery().processDefinitionKey("atk-b-migrate").count();
    for (String path : List.of("/engine-rest/process-definition/key/atk-b-migrate/start",
        "/engine-rest/process-definition/key/atk-b-migrate/submit-form",
        "/camunda/api/engine/engine/default/process-definition/key/atk-b-migrate/submit-form",
        "/engine-rest/message", "/engine-rest/signal")) {
      HttpResponse<String> response = send("POST", path, "{\"variables\":{}}", null);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(403);
    }
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("atk-b-migrate").count()).isEqualTo(instances);
    assertThat(trace(primary, "atk-b")).isEmpty();
  }

  @Test
  void variablesOfAPendingApprovalCannotBeWrittenAndTheRunRowDecidesWhatRuns() throws Exception {
    String runId = api.request("atk-a", "migrate");
    Task task = approvals.awaitTask(runId);
    String instance = task.getProcessInstanceId();
    long refusals = refusals();
    String taskVariable = "/engine-rest/task/" + task.getId() + "/variables/procedure";
    String put = "{\"value\":\"atk-b-migrate\",\"type\":\"String\"}";
    for (String path : List.of(taskVariable, "/engine-rest/task/" + task.getId() + "/localVariables/requestedBy",
        "/engine-rest/process-instance/" + instance + "/variables/approvalDecision",
        "/engine-rest/execution/" + instance + "/localVariables/service")) {
      HttpResponse<String> response = send("PUT", path, put, null);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(403);
    }
    for (String path : List.of("/engine-rest/task/" + task.getId() + "/identity-links",
        "/engine-rest/task/" + task.getId() + "/assignee", "/engine-rest/process-instance/" + instance + "/modification",
        "/engine-rest/process-instance/" + instance + "/variables")) {
      HttpResponse<String> response = send("POST", path, "{\"userId\":\"mallory\",\"type\":\"candidate\"}", null);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(403);
    }
    assertThat(tasks.getVariable(task.getId(), "procedure")).isEqualTo("atk-a-migrate");
    assertThat(refusals()).as("every refusal is audited").isEqualTo(refusals + 8);
    assertThat(tasks.getIdentityLinksForTask(task.getId())).noneMatch(l -> "mallory".equals(l.getUserId()));

    // extra fields in the form's submission: refused, the task stays open
    HttpResponse<String> extra = send("POST", "/engine-rest/task/" + task.getId() + "/submit-form", JSON.writeValueAsString(
        Map.of("variables", Map.of("approvalDecision", Map.of("value", "approve"),
            "approvalReason", Map.of("value", "fine"), "requestedBy", Map.of("value", "carol")))), null);
    assertThat(extra.statusCode()).as(extra.body()).isEqualTo(403);
    assertThat(extra.body()).contains("'requestedBy' is not a field to fill in");
    assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isEqualTo(1);
    // a field the form only shows may come back unchanged (Tasklist sends every field)
    HttpResponse<String> echo = send("POST", "/engine-rest/task/" + task.getId() + "/submit-form", JSON.writeValueAsString(
        Map.of("variables", Map.of("service", Map.of("value", "atk-a"), "approvalReason", Map.of("value", "fine")))),
        null);
    assertThat(echo.body()).doesNotContain("engine-rest-refused").contains("needs a signed-in approver");

    // had a variable been changed anyway (here through the Java API, which only Drover holds), the
    // run's row still decides: the requester cannot approve, and the approved procedure is atk-a's
    runtime.setVariable(instance, "procedure", "atk-b-migrate");
    runtime.setVariable(instance, "requestedBy", "carol");
    runtime.setVariable(instance, "service", "atk-b");
    String requester = api.run(runId).path("requestedBy").asText();
    assertThatThrownBy(() -> approvals.decide(task, requester, List.of("dr-approver", "service-atk-a"), "approve", "x"))
        .hasMessageContaining("requested this run and cannot approve it");
    approvals.decide(task, "olivia", List.of("dr-approver", "service-atk-a"), "approve", "change CHG-9 approved");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(trace(primary, "atk-a")).containsExactly("1");
    assertThat(trace(primary, "atk-b")).isEmpty();
    assertThat(jdbc.queryForObject("select detail from drover_event where run_id=? and kind='APPROVED'", String.class,
        runId)).isEqualTo("migrate requested by " + requester + ": change CHG-9 approved");
  }

  @Test
  void anEarlyApprovalDecisionVariableDoesNotLeaveTheRunWaitingForever() throws Exception {
    String runId = api.request("atk-early", "migrate");
    Task task = approvals.awaitTask(runId);
    HttpResponse<String> early = send("PUT", "/engine-rest/process-instance/" + task.getProcessInstanceId()
        + "/variables/approvalDecision", "{\"value\":\"approve\",\"type\":\"String\"}", null);
    assertThat(early.statusCode()).isEqualTo(403);
    // even written through the Java API, the deadline still aborts the unapproved run
    runtime.setVariable(task.getProcessInstanceId(), "approvalDecision", "approve");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("ABORTED");
    assertThat(api.service("atk-early").path("status").asText()).isEqualTo("READY");
    assertThat(api.service("atk-early").path("runId").isNull()).isTrue();
    assertThat(trace(primary, "atk-early")).isEmpty();
  }

  @Test
  void anAskDecisionTakesOnlyItsFormsFieldsAndCancellingStaysPossible() throws Exception {
    String runId = api.request("atk-ask", "migrate");
    await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery().processInstanceBusinessKey(runId).count() == 1);
    Task task = tasks.createTaskQuery().processInstanceBusinessKey(runId).singleResult();
    HttpResponse<String> swap = send("POST", "/engine-rest/task/" + task.getId() + "/submit-form", JSON.writeValueAsString(
        Map.of("variables", Map.of("decision", Map.of("value", "retry"), "decisionReason", Map.of("value", "again"),
            "service", Map.of("value", "atk-b")))), null);
    assertThat(swap.statusCode()).as(swap.body()).isEqualTo(403);
    assertThat(send("PUT", "/engine-rest/task/" + task.getId() + "/variables/service",
        "{\"value\":\"atk-b\",\"type\":\"String\"}", null).statusCode()).isEqualTo(403);
    assertThat(tasks.getVariable(task.getId(), "service")).isEqualTo("atk-ask");
    assertThat(trace(primary, "atk-ask")).containsExactly("1");
    // what Cockpit needs stays open: an administrator cancels the run
    HttpResponse<String> cancel = send("DELETE", "/engine-rest/process-instance/" + task.getProcessInstanceId(), null,
        null);
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(204);
    assertThat(api.awaitEnd(runId).path("outcome").asText()).isEqualTo("ABORTED");
  }

  @Test
  void aVariableThatLooksLikeASecretReferenceIsPassedVerbatim() throws Exception {
    JsonNode run = api.awaitEnd(api.request("atk-secret", "migrate"));
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED");
    String runId = run.path("runId").asText();
    assertThat(api.log(runId)).contains("step '{{secret:" + TestWorld.SECRET_NAME + "}}'")
        .doesNotContain(TestWorld.SECRET_VALUE);
    assertThat(jdbc.queryForObject("select stdout_tail from drover_step_attempt where run_id=?", String.class, runId))
        .contains("note={{secret:" + TestWorld.SECRET_NAME + "}}");
  }

  @Test
  void aRunIdThatIsNotAUuidNeverBecomesAPath() {
    Path outside = TestWorld.root().resolve("escaped.log");
    assertThatThrownBy(() -> journal.log("../escaped", "text")).hasMessageContaining("is not a run id");
    assertThatThrownBy(() -> journal.log(outside.toString().replace(".log", ""), "text"))
        .hasMessageContaining("is not a run id");
    assertThat(Files.exists(outside)).isFalse();
  }

  @Test
  void refusalsFromOneOriginAreWrittenUpToTheLimitThenOnceThrottled() {
    AuditTrail trail = audit;
    java.time.Clock minute = java.time.Clock.fixed(java.time.Instant.parse("2026-01-01T10:00:10Z"),
        java.time.ZoneOffset.UTC);
    RefusalAudit limited = new RefusalAudit(trail, minute, 3);
    for (int i = 0; i < 10; i++) {
      limited.refused("anonymous", "203.0.113.7", null, "401 unauthenticated: GET /api/services: attempt " + i);
    }
    limited.refused("anonymous", "203.0.113.8", null, "401 unauthenticated: GET /api/services: another origin");
    assertThat(jdbc.queryForList("select detail from drover_audit where origin='203.0.113.7' order by id",
        String.class)).hasSize(4).last().asString().startsWith("REFUSALS_THROTTLED: more than 3 refusals");
    assertThat(jdbc.queryForObject("select count(*) from drover_audit where origin='203.0.113.8'", Integer.class))
        .isEqualTo(1);
    assertThat(trail.verify().valid()).isTrue();
  }

  @Test
  void openModeRefusesToListenBeyondLoopback() {
    assertThatThrownBy(() -> new OpenModeGuard(new SecurityProperties(null, null, null, null, null, null, null, null),
        "0.0.0.0")).isInstanceOf(StartupRefusedException.class).hasMessageContaining("listens only on loopback")
        .hasMessageContaining("DROVER_ISSUER_URI");
    assertThatThrownBy(() -> new OpenModeGuard(new SecurityProperties(null, null, null, null, null, null, null, null),
        "")).hasMessageContaining("every address");
    new OpenModeGuard(new SecurityProperties(null, null, null, null, null, null, null, null), "127.0.0.1");
    new OpenModeGuard(new SecurityProperties(null, null, null, null, null, null, null, null), "::1");
    new OpenModeGuard(new SecurityProperties("http://127.0.0.1:1/realms/x", null, null, null, null, null, null, null),
        "0.0.0.0");
    SecurityProperties open = new SecurityProperties(null, null, null, null, null, null, null, null);
    // a management port of its own binds where it is told: every address is refused, loopback kept
    assertThatThrownBy(() -> new OpenModeGuard(open, "127.0.0.1", "8080", "18097", ""))
        .hasMessageContaining("the management port 18097 listens only on loopback, not on 'every address'")
        .hasMessageContaining("MANAGEMENT_SERVER_ADDRESS");
    assertThatThrownBy(() -> new OpenModeGuard(open, "127.0.0.1", "8080", "18097", "192.0.2.1"))
        .hasMessageContaining("not on '192.0.2.1'");
    new OpenModeGuard(open, "127.0.0.1", "8080", "18097", "127.0.0.1");
    new OpenModeGuard(open, "127.0.0.1", "8080", "8080", "");
    new OpenModeGuard(open, "127.0.0.1", "8080", "-1", "");
  }

  private long refusals() {
    Long count = jdbc.queryForObject("select count(*) from drover_audit where kind='REFUSED' and detail like"
        + " '403 engine-rest:%'", Long.class);
    return count == null ? 0 : count;
  }

  private HttpResponse<String> multipart(String path, String origin) throws Exception {
    String boundary = "----drover" + System.nanoTime();
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nevil\r\n--"
        + boundary + "\r\nContent-Disposition: form-data; name=\"evil.bpmn\"; filename=\"evil.bpmn\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n" + EXPRESSION_BPMN + "\r\n--" + boundary + "--\r\n";
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPageWhoseNameWasReboundToTheDemoGets421BeforeAnyHandler() throws Exception {
    long filters = engine.getFilterService().createFilterQuery().count();
    String rebound = "rebind.evil.example:" + port;
    for (String path : List.of("/api/services", "/engine-rest/filter", "/camunda/app/cockpit/default/",
        "/actuator/health", "/nowhere")) {
      String answer = raw("GET " + path, rebound, null);
      assertThat(answer).as(path).startsWith("HTTP/1.1 421").contains("application/problem+json")
          .contains("does not answer to the name in the request's Host header");
    }
    String create = raw("POST /engine-rest/filter/create", rebound, "{\"resourceType\":\"Task\",\"name\":\"x\","
        + "\"query\":{\"assigneeExpression\":\"${currentUser()}\"}}");
    assertThat(create).startsWith("HTTP/1.1 421");
    assertThat(engine.getFilterService().createFilterQuery().count()).isEqualTo(filters);
    assertThat(raw("GET /api/services", "127.0.0.1:" + port, null)).startsWith("HTTP/1.1 200");
    assertThat(raw("GET /api/services", "localhost:" + port, null)).startsWith("HTTP/1.1 200");
  }

  @Test
  void aTooLongReasonOrATooLargeBodyIsRefusedWith4xxAndNothingIsWritten() throws Exception {
    long audit = jdbc.queryForObject("select count(*) from drover_audit", Long.class);
    long runs = jdbc.queryForObject("select count(*) from drover_run", Long.class);
    String reason = "r".repeat(1001);
    HttpResponse<String> tooLong = send("POST", "/api/services/atk-b/operations", "{\"action\":\"migrate\","
        + "\"skipPreflight\":true,\"reason\":\"" + reason + "\"}", null);
    assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(400);
    assertThat(tooLong.body()).contains("reason-too-long").contains("the reason has 1001 characters");
    HttpResponse<String> ack = send("POST", "/api/services/atk-b/ack", "{\"site\":\"primary\",\"reason\":\""
        + reason + "\"}", null);
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(400);
    HttpResponse<String> fits = send("POST", "/api/services/atk-b/operations", "{\"action\":\"migrate\","
        + "\"dryRun\":true,\"reason\":\"" + "r".repeat(1000) + "\"}", null);
    assertThat(fits.statusCode()).as("1000 characters fit: " + fits.body()).isEqualTo(200);

    String large = "{\"action\":\"migrate\",\"reason\":\"" + "x".repeat(1_200_000) + "\"}";
    for (String path : List.of("/api/services/atk-b/operations", "/engine-rest/task", "/camunda/api/engine/x")) {
      HttpResponse<String> tooLarge = send("POST", path, large, null);
      assertThat(tooLarge.statusCode()).as(path).isEqualTo(413);
      assertThat(tooLarge.body()).contains("body-too-large").contains("at most 1048576 bytes");
    }
    // sent in chunks (no Content-Length): refused once more than the limit has arrived
    HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/services/atk-b/operations")).header("Content-Type", "application/json").POST(
            HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                large.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    HttpResponse<String> smallChunked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/services/atk-b/operations")).header("Content-Type", "application/json").POST(
            HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                "{\"action\":\"migrate\",\"dryRun\":true}".getBytes(StandardCharsets.UTF_8)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(smallChunked.statusCode()).as("a small chunked body is read: " + smallChunked.body()).isEqualTo(200);
    assertThat(jdbc.queryForObject("select count(*) from drover_audit", Long.class)).as("nothing audited")
        .isEqualTo(audit);
    assertThat(jdbc.queryForObject("select count(*) from drover_run", Long.class)).isEqualTo(runs);
  }

  /** One HTTP/1.1 request on a socket of its own, with the Host and Origin a rebound page would send. */
  private String raw(String requestLine, String host, String json) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
      String head = requestLine + " HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://" + host
          + "\r\nSec-Fetch-Site: same-origin\r\nConnection: close\r\n"
          + (json == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n") + "\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private HttpResponse<String> send(String method, String path, String json, String origin) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
