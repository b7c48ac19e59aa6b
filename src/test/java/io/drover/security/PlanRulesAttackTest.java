package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.DroverApplication;
import io.drover.support.TestApprovals;
import io.drover.support.TestKeycloak;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * A plan does not let anyone do to a service what the service's own rules refuse them (issue 21,
 * point 4), replayed with realm tokens: carol, refused on pr-pay (not in its group) and pr-vault (its
 * origin rule), asks for the plan of her own group that holds both. The plan run is refused with a
 * 403 that names each refused service and its rule, nothing is written or run, and the refusal is
 * audited; a plan of carol's own services still runs. The one approval of a plan stands for every
 * service's: an approver of the plan's group who is not an approver of one of its services is
 * refused, naming it.
 */
@SpringBootTest(classes = DroverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = SecuredPlanWorld.class)
@Tag("own-jvm")
class PlanRulesAttackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  org.camunda.bpm.engine.TaskService tasks;

  @Autowired
  org.camunda.bpm.engine.IdentityService identity;

  @Test
  void aPlanRunIsRefusedWhenAnyOfItsServicesRulesRefuseTheCallerAndNothingIsWritten() throws Exception {
    String carol = TestKeycloak.token("carol");
    // what carol may not do to the services one by one
    assertThat(post("/api/services/pr-pay/operations", carol, "{\"action\":\"migrate\"}").statusCode()).isEqualTo(403);
    assertThat(post("/api/services/pr-vault/operations", carol, "{\"action\":\"migrate\"}").statusCode()).isEqualTo(403);
    long auditBefore = lastAuditId();

    HttpResponse<String> refused = post("/api/plans/pr-mixed/runs", carol,
        "{\"action\":\"migrate\",\"reason\":\"through the plan\"}");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(refused.body());
    assertThat(problem.path("type").asText()).isEqualTo("https://drover.io/problems/forbidden");
    assertThat(problem.path("detail").asText()).startsWith("2 of the 3 services of plan pr-mixed refuse carol"
        + " migrate under their own rules; nothing ran:")
        .contains("pr-pay: carol is not in group service-payments, which may operate pr-pay")
        .contains("pr-vault: requests for pr-vault may only come from 10.0.0.0/8, not 127.0.0.1")
        .doesNotContain("pr-ledger:");
    assertThat(texts(problem.path("refusedServices"))).containsExactly("pr-pay", "pr-vault");
    assertThat(texts(problem.path("problems"))).containsExactly(
        "pr-pay: carol is not in group service-payments, which may operate pr-pay",
        "pr-vault: requests for pr-vault may only come from 10.0.0.0/8, not 127.0.0.1");

    // nothing started, nothing half-written: no plan run, no service run, no lock, nothing on the hosts
    assertThat(jdbc.queryForObject("select count(*) from drover_plan_run where plan='pr-mixed'", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from drover_plan_service s join drover_plan_run r"
        + " on r.id=s.plan_run_id where r.plan='pr-mixed'", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from drover_run where service in ('pr-ledger', 'pr-pay', 'pr-vault')",
        Integer.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from drover_service_state where service in ('pr-ledger', 'pr-pay',"
        + " 'pr-vault') and lock_run_id is not null", Integer.class)).isZero();
    for (String service : List.of("pr-ledger", "pr-pay", "pr-vault")) {
      assertThat(SecuredPlanWorld.trace(service)).as(service + " ran nothing on the hosts").isEmpty();
    }
    HttpResponse<String> runs = get("/api/plan-runs", TestKeycloak.token("admin"));
    assertThat(runs.statusCode()).isEqualTo(200);
    assertThat(runs.body()).doesNotContain("pr-mixed");
    // audited once, by whom, from where, with every refused service
    assertThat(jdbc.queryForList("select kind || ' ' || actor || ' ' || origin || ' ' || service || ' ' || detail"
        + " from drover_audit where id > ? order by id", String.class, auditBefore)).singleElement().asString()
        .startsWith("REFUSED carol 127.0.0.1 plan:pr-mixed 403 forbidden: action migrate: 2 of the 3 services")
        .contains("pr-pay: carol is not in group service-payments").contains("pr-vault: requests for pr-vault");

    // a plan of carol's own group and services runs, as carol
    HttpResponse<String> own = post("/api/plans/pr-solo/runs", carol, "{\"action\":\"migrate\"}");
    assertThat(own.statusCode()).as(own.body()).isEqualTo(202);
    String id = JSON.readTree(own.body()).path("planRunId").asText();
    await().atMost(Duration.ofSeconds(60)).until(() -> "ENDED".equals(jdbc.queryForObject(
        "select status from drover_plan_run where id=?", String.class, id)));
    assertThat(jdbc.queryForObject("select outcome from drover_plan_run where id=?", String.class, id))
        .isEqualTo("SUCCEEDED");
    assertThat(jdbc.queryForObject("select requested_by from drover_run where service='pr-solo'", String.class))
        .isEqualTo("carol");
  }

  @Test
  void thePlansApproverMustBeAnApproverOfEachOfItsServices() throws Exception {
    // admin may run both services; bob approves for service-payments (the plan's group) but not for service-ledger
    HttpResponse<String> admitted = post("/api/plans/pr-approve/runs", TestKeycloak.token("admin"),
        "{\"action\":\"migrate\",\"reason\":\"CHG-21\"}");
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(202);
    String id = JSON.readTree(admitted.body()).path("planRunId").asText();
    assertThat(JSON.readTree(admitted.body()).path("status").asText()).isEqualTo("AWAITING_APPROVAL");
    long auditBefore = lastAuditId();

    String bob = TestKeycloak.token("bob");
    HttpResponse<String> refused = post("/api/plan-runs/" + id + "/approval", bob,
        "{\"decision\":\"approve\",\"reason\":\"looks fine\"}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(JSON.readTree(refused.body()).path("detail").asText()).isEqualTo("bob may not approve every service of"
        + " plan pr-approve (1 refuse): pr-aledger: bob is not in group service-ledger, whose approvers decide runs"
        + " of pr-aledger");
    // the same through Camunda's REST API, as Tasklist would send it
    String task = waitForTask(id);
    HttpResponse<String> rest = post("/engine-rest/task/" + task + "/submit-form", bob, "{\"variables\":{"
        + "\"approvalDecision\":{\"value\":\"approve\"},\"approvalReason\":{\"value\":\"looks fine\"}}}");
    assertThat(rest.statusCode()).as(rest.body()).isEqualTo(403);
    assertThat(rest.body()).contains("pr-aledger: bob is not in group service-ledger");

    assertThat(jdbc.queryForObject("select status from drover_plan_run where id=?", String.class, id))
        .isEqualTo("AWAITING_APPROVAL");
    assertThat(jdbc.queryForObject("select count(*) from drover_run where service in ('pr-apay', 'pr-aledger')",
        Integer.class)).isZero();
    assertThat(SecuredPlanWorld.trace("pr-apay")).isEmpty();
    assertThat(jdbc.queryForList("select kind || ' ' || actor || ' ' || service || ' ' || run_id || ' ' || detail"
        + " from drover_audit where id > ? order by id", String.class, auditBefore)).as("each refusal once")
        .hasSize(2).satisfiesExactly(
            e -> assertThat(e).startsWith("REFUSED bob plan:pr-approve " + id + " approval: bob may not approve every"
                + " service of plan pr-approve"),
            e -> assertThat(e).startsWith("REFUSED bob plan:pr-approve " + id + " 403 engine-rest: POST /engine-rest/task/"
                + task + "/submit-form: bob may not approve every service of plan pr-approve"));

    // the requester ends it; a plan of bob's services only is his to approve
    assertThat(post("/api/plan-runs/" + id + "/cancel", TestKeycloak.token("admin"), "").statusCode()).isEqualTo(200);
    HttpResponse<String> ok = post("/api/plans/pr-approve-ok/runs", TestKeycloak.token("alice"),
        "{\"action\":\"migrate\",\"reason\":\"CHG-22\"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    String okId = JSON.readTree(ok.body()).path("planRunId").asText();
    waitForTask(okId);
    HttpResponse<String> approved = post("/api/plan-runs/" + okId + "/approval", bob,
        "{\"decision\":\"approve\",\"reason\":\"checked\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() -> "ENDED".equals(jdbc.queryForObject(
        "select status from drover_plan_run where id=?", String.class, okId)));
    assertThat(jdbc.queryForObject("select outcome || ' ' || approved_by from drover_plan_run where id=?", String.class,
        okId)).isEqualTo("SUCCEEDED bob");
  }

  /** The plan run's approval task, once it exists. */
  private String waitForTask(String businessKey) {
    return new TestApprovals(tasks, identity).awaitTask(businessKey).getId();
  }

  private long lastAuditId() {
    Long id = jdbc.queryForObject("select max(id) from drover_audit", Long.class);
    return id == null ? 0 : id;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
