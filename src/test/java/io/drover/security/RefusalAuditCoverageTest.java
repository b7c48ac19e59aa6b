package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.DroverApplication;
import io.drover.support.KeycloakBrowser;
import io.drover.support.TestKeycloak;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * Every 401 and 403 is one audit entry (issue 21, point 8), walked with realm tokens and web
 * sign-ins: the refusals nothing audited before (cross-group reads of a run, its log and report, in
 * the API and the Cockpit plugin, of a plan run and its log; {@code /check} by a viewer; a refused
 * plan cancel; the audit verification by a non-administrator; Camunda's own AuthorizationException
 * on its REST API and in the web apps' copy of it; a cross-origin write) and those audited where
 * they are decided (no token, admission, the engine gate), which must not be written twice. Each
 * step asserts exactly one new entry, with actor, origin, service and reason.
 */
@SpringBootTest(classes = DroverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = SecuredPlanWorld.class)
@Tag("own-jvm")
class RefusalAuditCoverageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort
  int port;

  @org.junit.jupiter.api.BeforeEach
  void letKeycloakSendPeopleBackHere() throws Exception {
    TestKeycloak.allowWebRedirect(port);
  }

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  org.camunda.bpm.engine.RepositoryService repository;

  /** One refusal to provoke: what to send, the answer's status, and the audit entry it must leave. */
  private record Refusal(String what, Call call, int status, String actor, String service, String detail) {
  }

  @FunctionalInterface
  private interface Call {
    HttpResponse<String> send() throws Exception;
  }

  @Test
  void everyRefusalIsAuditedExactlyOnce() throws Exception {
    String base = "http://127.0.0.1:" + port;
    String alice = TestKeycloak.token("alice");
    String carol = TestKeycloak.token("carol");
    String victor = TestKeycloak.token("victor");
    String admin = TestKeycloak.token("admin");
    HttpResponse<String> admitted = send("POST", "/api/services/ra-svc/operations", alice, "{\"action\":\"migrate\"}",
        Map.of());
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(202);
    String run = JSON.readTree(admitted.body()).path("runId").asText();
    await().atMost(Duration.ofSeconds(60)).until(() -> "ENDED".equals(jdbc.queryForObject(
        "select status from drover_run where id=?", String.class, run)));
    HttpResponse<String> planned = send("POST", "/api/plans/ra-plan/runs", alice, "{\"action\":\"migrate\"}", Map.of());
    assertThat(planned.statusCode()).as(planned.body()).isEqualTo(202);
    String planRun = JSON.readTree(planned.body()).path("planRunId").asText();
    String definition = repository.createProcessDefinitionQuery().processDefinitionKey("ra-svc-migrate")
        .latestVersion().singleResult().getId();
    KeycloakBrowser carolAtCockpit = new KeycloakBrowser();
    assertThat(carolAtCockpit.signIn(base + "/camunda/app/tasklist/default/", "carol",
        TestKeycloak.credentials().get("DROVER_KC_PASSWORD_CAROL"))).contains("Camunda Tasklist");
    String carolsGroup = "carol is not in group service-payments, whose members may read ra-svc";

    List<Refusal> refusals = List.of(
        // not audited before: cross-group reads
        new Refusal("carol reads alice's run", () -> get("/api/runs/" + run, carol), 403, "carol", "ra-svc",
            "403 forbidden: GET /api/runs/" + run + ": " + carolsGroup),
        new Refusal("carol reads its log", () -> get("/api/runs/" + run + "/log", carol), 403, "carol", "ra-svc",
            "403 forbidden: GET /api/runs/" + run + "/log: " + carolsGroup),
        new Refusal("carol reads its report", () -> get("/api/runs/" + run + "/report", carol), 403, "carol", "ra-svc",
            "403 forbidden: GET /api/runs/" + run + "/report: " + carolsGroup),
        new Refusal("carol reads its PDF", () -> get("/api/runs/" + run + "/report?format=pdf", carol), 403, "carol",
            "ra-svc", "403 forbidden: GET /api/runs/" + run + "/report: " + carolsGroup),
        new Refusal("carol reads the service", () -> get("/api/services/ra-svc", carol), 403, "carol", "ra-svc",
            "403 forbidden: GET /api/services/ra-svc: " + carolsGroup),
        new Refusal("carol opens the run in Cockpit's plugin", () -> carolAtCockpit.get(base + "/drover-web/runs/" + run),
            403, "carol", "ra-svc", "403 forbidden: GET /drover-web/runs/" + run + ": " + carolsGroup),
        new Refusal("carol opens its report in Cockpit", () -> carolAtCockpit.get(base + "/drover-web/runs/" + run
            + "/report"), 403, "carol", "ra-svc", "403 forbidden: GET /drover-web/runs/" + run + "/report: " + carolsGroup),
        new Refusal("carol reads alice's plan run", () -> get("/api/plan-runs/" + planRun, carol), 403, "carol",
            "plan:ra-plan", "403 forbidden: GET /api/plan-runs/" + planRun + ": carol is not in group service-payments,"
            + " which may see plan ra-plan"),
        new Refusal("carol reads its log", () -> get("/api/plan-runs/" + planRun + "/log", carol), 403, "carol",
            "plan:ra-plan", "403 forbidden: GET /api/plan-runs/" + planRun + "/log: carol is not in group"),
        // a viewer checks readiness, cancels a plan run, verifies the trail
        new Refusal("victor checks readiness", () -> send("POST", "/api/services/ra-svc/check?action=migrate", victor, "",
            Map.of()), 403, "victor", "ra-svc", "403 forbidden: POST /api/services/ra-svc/check: action migrate on ra-svc"
            + " needs role dr-operator; victor has dr-viewer"),
        new Refusal("victor cancels the plan run", () -> send("POST", "/api/plan-runs/" + planRun + "/cancel", victor, "",
            Map.of()), 403, "victor", "plan:ra-plan", "403 forbidden: POST /api/plan-runs/" + planRun + "/cancel: action"
            + " migrate of plan ra-plan needs role dr-operator; victor has dr-viewer"),
        new Refusal("alice verifies the trail", () -> get("/api/audit/verify", alice), 403, "alice", null,
            "403 forbidden: GET /api/audit/verify: alice may not verify the audit trail"),
        new Refusal("alice revokes her own run's certificates", () -> send("POST", "/api/ca/revocations", alice,
            "{\"kind\":\"run\",\"value\":\"" + run + "\",\"reason\":\"mine\"}", Map.of()), 403, "alice", null,
            "403 forbidden: POST /api/ca/revocations: revoking certificates needs the role dr-admin or the group"
            + " dr-admins"),
        // Camunda's own authorizations, on its REST API and in the web apps' copy
        new Refusal("carol reads the procedure through /engine-rest", () -> get("/engine-rest/process-definition/"
            + definition + "/xml", carol), 403, "carol", null, "403 AuthorizationException: GET /engine-rest/"
            + "process-definition/" + definition + "/xml: The user with id 'carol' does not have"),
        new Refusal("carol reads the procedure in Cockpit", () -> carolAtCockpit.get(base + "/camunda/api/engine/engine/"
            + "default/process-definition/" + definition + "/xml"), 403, "carol", null, "403 AuthorizationException: GET"
            + " /camunda/api/engine/engine/default/process-definition/" + definition + "/xml: The user with id 'carol'"
            + " does not have"),
        new Refusal("a page of another origin writes", () -> send("POST", "/api/services/ra-svc/operations", alice,
            "{\"action\":\"migrate\"}", Map.of("Origin", "http://evil.example")), 403, "anonymous", "ra-svc",
            "403 cross-origin: POST /api/services/ra-svc/operations: a write from a web page of origin"
            + " http://evil.example is refused"),
        // audited where decided: once, not twice
        new Refusal("no token", () -> get("/api/runs/" + run, null), 401, "anonymous", null,
            "401 unauthenticated: GET /api/runs/" + run + ": a valid bearer token"),
        new Refusal("carol requests a run", () -> send("POST", "/api/services/ra-svc/operations", carol,
            "{\"action\":\"migrate\"}", Map.of()), 403, "carol", "ra-svc", "403 forbidden: action migrate: carol is not"
            + " in group service-payments, which may operate ra-svc"),
        new Refusal("admin deploys around Drover", () -> send("POST", "/engine-rest/deployment/create", admin, "{}",
            Map.of()), 403, "admin", null, "403 engine-rest: POST /engine-rest/deployment/create: "));

    SoftAssertions softly = new SoftAssertions();
    for (Refusal refusal : refusals) {
      long last = lastAuditId();
      HttpResponse<String> answer = refusal.call().send();
      softly.assertThat(answer.statusCode()).as(refusal.what() + ": " + answer.body()).isEqualTo(refusal.status());
      List<Map<String, Object>> entries = jdbc.queryForList("select kind, actor, origin, service, detail from"
          + " drover_audit where id > ? order by id", last);
      softly.assertThat(entries).as(refusal.what() + ": one audit entry").hasSize(1);
      if (entries.size() != 1) {
        continue;
      }
      Map<String, Object> entry = entries.get(0);
      softly.assertThat(entry.get("kind")).as(refusal.what()).isEqualTo("REFUSED");
      softly.assertThat(entry.get("actor")).as(refusal.what()).isEqualTo(refusal.actor());
      softly.assertThat(entry.get("origin")).as(refusal.what()).isEqualTo("127.0.0.1");
      softly.assertThat(entry.get("service")).as(refusal.what()).isEqualTo(refusal.service());
      softly.assertThat((String) entry.get("detail")).as(refusal.what()).startsWith(refusal.detail());
    }
    softly.assertAll();
    HttpResponse<String> verified = get("/api/audit/verify", admin);
    assertThat(JSON.readTree(verified.body()).path("valid").asBoolean()).as(verified.body()).isTrue();
  }

  private long lastAuditId() {
    Long id = jdbc.queryForObject("select max(id) from drover_audit", Long.class);
    return id == null ? 0 : id;
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return send("GET", path, token, null, Map.of());
  }

  private HttpResponse<String> send(String method, String path, String token, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
