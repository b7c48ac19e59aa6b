package io.drover.security.engine;

import io.drover.engine.StoredFilterExpressions;
import static io.drover.support.TestWorld.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.EngineRestSweep;
import io.drover.support.TestApi;
import io.drover.support.TestApprovals;
import io.drover.support.TestWorld;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The engine gate against the requests an attacker sends in open mode (the demo's): every operation
 * Camunda publishes in every spelling, a completion addressed by a percent-encoded task id that
 * carries the run's variables, and a filter whose query is an expression. In a JVM of its own: its
 * thousands of refusals must not throttle another test's audit entries.
 */
@DroverIntegrationTest
@Tag("own-jvm")
class EngineGateAttackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort
  int port;

  @Autowired
  TaskService tasks;

  @Autowired
  IdentityService identity;

  @Autowired
  FilterService filters;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  ProcessEngine engine;

  private final HttpClient http = HttpClient.newHttpClient();
  private TestApi api;
  private Path primary;

  @BeforeEach
  void setUp() {
    api = new TestApi(port);
    primary = TestWorld.demo().hosts().get(0).home();
  }

  @Test
  void everyPublishedOperationInEverySpellingGetsTheGatesAnswerForItsPlainPath() throws Exception {
    EngineRestSweep sweep = new EngineRestSweep(port, Map.of());
    List<String> every = List.of("percent-encoded", "percent-encoded, lower-case hex", "matrix parameters",
        "double slashes", "trailing slash", "upper case", "all at once");
    assertThat(sweep.sweep("/engine-rest", every)).isEmpty();
    assertThat(sweep.sweep("/engine-rest/engine/default", List.of("all at once"))).isEmpty();
    assertThat(sweep.sweep("/camunda/api/engine/engine/default", List.of("percent-encoded", "all at once"))).isEmpty();
    assertThat(sweep.sent()).isGreaterThan(4000);
  }

  @Test
  void aCompletionByAPercentEncodedTaskIdCarriesOnlyTheFormsFields() throws Exception {
    long before = refusals();
    String runId = api.request("atk-a", "migrate");
    Task approval = new TestApprovals(tasks, identity).awaitTask(runId);
    String encoded = "%" + String.format("%02X", (int) approval.getId().charAt(0)) + approval.getId().substring(1);
    String injected = JSON.writeValueAsString(Map.of("variables", Map.of("approvalDecision", Map.of("value", "approve"),
        "approvalReason", Map.of("value", "fine"), "service", Map.of("value", "atk-b"))));
    for (String path : List.of("/engine-rest/task/" + encoded + "/complete", "/engine-rest/task/" + encoded + "/submit-form",
        "/engine-rest/TASK/" + encoded + "/Complete/",
        "/camunda/api/engine/engine/default/task/" + encoded + "/submit-form")) {
      HttpResponse<String> response = post(path, injected);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(403);
      assertThat(response.body()).as(path).contains("'service' is not a field to fill in");
    }
    // matrix parameters and double slashes do not reach the gate: Spring Security's firewall rejects them
    for (String path : List.of("/engine-rest/task/" + encoded + ";x=y/submit-form",
        "/engine-rest//task/" + encoded + "/complete")) {
      assertThat(post(path, injected).statusCode()).as(path).isEqualTo(400);
    }
    assertThat(tasks.getVariable(approval.getId(), "service")).isEqualTo("atk-a");
    assertThat(refusals()).as("each refusal is audited").isGreaterThanOrEqualTo(before + 4);
    // inside the engine too, whatever the path: the Java API refuses the extra variable
    assertThatThrownBy(() -> tasks.complete(approval.getId(), Map.of("approvalDecision", "approve",
        "approvalReason", "fine", "service", "atk-b")))
        .isInstanceOf(AuthorizationException.class).hasMessageContaining("DROVER-FORM-001");
    assertThat(tasks.createTaskQuery().taskId(approval.getId()).count()).isEqualTo(1);

    // an ASK decision: the same
    String askRun = api.request("atk-ask", "migrate");
    await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery().processInstanceBusinessKey(askRun)
        .count() == 1);
    Task ask = tasks.createTaskQuery().processInstanceBusinessKey(askRun).singleResult();
    String askId = "%" + String.format("%02x", (int) ask.getId().charAt(0)) + ask.getId().substring(1);
    HttpResponse<String> swap = post("/engine-rest/task/" + askId + "/submit-form", JSON.writeValueAsString(Map.of(
        "variables", Map.of("decision", Map.of("value", "retry"), "decisionReason", Map.of("value", "again"),
            "service", Map.of("value", "atk-b")))));
    assertThat(swap.statusCode()).as(swap.body()).isEqualTo(403);
    assertThat(tasks.getVariable(ask.getId(), "service")).isEqualTo("atk-ask");
    assertThat(trace(primary, "atk-b")).isEmpty();
  }

  @Test
  void aFilterWithAnExpressionIsNeitherStoredNorEvaluated() throws Exception {
    Path proof = Files.createTempDirectory("filter").resolve("ran");
    String expression = "${\"\".getClass().forName(\"java.lang.Runtime\").getMethod(\"getRuntime\").invoke(null)"
        + ".exec(\"touch " + proof + "\")}";
    HttpResponse<String> create = post("/engine-rest/filter/create", JSON.writeValueAsString(Map.of("resourceType",
        "Task", "name", "evil", "query", Map.of("assigneeExpression", expression))));
    assertThat(create.statusCode()).as(create.body()).isEqualTo(403);
    assertThat(create.body()).contains("an expression in the body");
    // escaped in JSON, the same
    HttpResponse<String> escaped = post("/engine-rest/filter/create", "{\"resourceType\":\"Task\",\"name\":\"evil\","
        + "\"query\":{\"assigneeExpression\":\"\\u0024{1+1}\"}}");
    assertThat(escaped.statusCode()).as(escaped.body()).isEqualTo(403);
    // in an ad-hoc query's parameters, the same
    HttpResponse<String> adhoc = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/engine-rest/task?assigneeExpression=%24%7B1%2B1%7D")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(adhoc.statusCode()).as(adhoc.body()).isEqualTo(403);

    // a filter stored with an expression before expressions were turned off: named at start, and counting
    // or listing it runs nothing
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    configuration.setEnableExpressionsInStoredQueries(true);
    org.camunda.bpm.engine.filter.Filter saved;
    try {
      saved = filters.saveFilter(filters.newTaskFilter("old").setQuery(tasks.createTaskQuery()
          .taskAssigneeExpression(expression)));
    } finally {
      configuration.setEnableExpressionsInStoredQueries(false);
    }
    assertThat(StoredFilterExpressions.report(filters)).singleElement().asString()
        .contains("DROVER-FILTER-001", saved.getId(), "taskAssignee");
    for (String call : List.of("/count", "/list")) {
      HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/engine-rest/filter/" + saved.getId() + call)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(run.statusCode()).as(run.body()).isGreaterThanOrEqualTo(400);
    }
    assertThat(proof).doesNotExist();
    filters.deleteFilter(saved.getId());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private long refusals() {
    return jdbc.queryForObject("select count(*) from drover_audit where kind='REFUSED'", Long.class);
  }
}
