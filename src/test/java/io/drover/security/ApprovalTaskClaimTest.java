package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.DroverApplication;
import io.drover.support.TestKeycloak;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * An approval task cannot be blocked by someone who may not decide it: the requester and a viewer
 * cannot claim it (one sentence, as Tasklist shows it, audited with the run), nobody assigns it to
 * someone else, the assignee or another approver releases it, and the requester learns from the API
 * who must approve and by when. Over Camunda's REST API and the web apps' copy of it, with tokens of
 * the realm (real Keycloak, real engine). A JVM of its own (tag own-jvm).
 */
@SpringBootTest(classes = DroverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = ApprovalTaskClaimTest.World.class)
@Tag("own-jvm")
class ApprovalTaskClaimTest {

  /** The secured world of {@link ApiSecurityTest}, with apr-claim run by service-payments. */
  static class World implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      new ApiSecurityTest.Secured().initialize(context);
      TestPropertyValues.of("drover.security.services.apr-claim.group=service-payments").applyTo(context);
    }
  }

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  @Test
  void onlyAnApproverClaimsAnApprovalAndTheRequesterCannotLockThemOut() throws Exception {
    String alice = TestKeycloak.token("alice");
    HttpResponse<String> admitted = post("/api/services/apr-claim/operations", alice, "{\"action\":\"migrate\"}");
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(202);
    String runId = admitted.body().replaceAll("(?s).*\"runId\":\"([^\"]+)\".*", "$1");
    assertThat(admitted.body()).contains("\"awaiting\":{\"role\":\"dr-approver\",\"group\":\"service-payments\","
        + "\"notBy\":\"alice\",\"deadline\":\"");
    String services = get("/api/services/apr-claim", alice).body();
    assertThat(services).contains("\"status\":\"AWAITING_APPROVAL\"");

    String tasks = "/engine-rest/task?processInstanceBusinessKey=" + runId;
    await().atMost(Duration.ofSeconds(30)).until(() -> get(tasks, alice).body().contains("\"id\""));
    String taskId = get(tasks, alice).body().replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
    String task = "/engine-rest/task/" + taskId;

    HttpResponse<String> requester = post(task + "/claim", alice, "{\"userId\":\"alice\"}");
    assertThat(requester.statusCode()).as(requester.body()).isEqualTo(403);
    assertThat(requester.body()).contains("\"message\":\"claim refused: alice requested this run and cannot approve"
        + " it; another dr-approver of service-payments must\"").doesNotContain("ENGINE-");
    HttpResponse<String> viewer = post(task + "/claim", TestKeycloak.token("victor"), "{\"userId\":\"victor\"}");
    assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(403);
    assertThat(viewer.body()).contains("victor does not have role dr-approver");
    String bob = TestKeycloak.token("bob");
    HttpResponse<String> forAnother = post(task + "/claim", bob, "{\"userId\":\"alice\"}");
    assertThat(forAnother.statusCode()).as(forAnother.body()).isEqualTo(403);
    assertThat(forAnother.body()).contains("bob may claim a task only for themselves");
    assertThat(assignee(taskId)).isNull();

    assertThat(post(task + "/claim", bob, "{\"userId\":\"bob\"}").statusCode()).isEqualTo(204);
    assertThat(assignee(taskId)).isEqualTo("bob");
    HttpResponse<String> unclaim = post(task + "/unclaim", alice, "");
    assertThat(unclaim.statusCode()).as(unclaim.body()).isEqualTo(403);
    assertThat(unclaim.body()).contains("release refused: alice requested this run");
    HttpResponse<String> reset = post(task + "/assignee", alice, "{\"userId\":null}");
    assertThat(reset.statusCode()).as(reset.body()).isEqualTo(403);
    assertThat(assignee(taskId)).isEqualTo("bob");

    // another approver (admin holds the role and the group) releases bob's claim, as Tasklist's "Reset assignee"
    String admin = TestKeycloak.token("admin");
    HttpResponse<String> released = post(task + "/assignee", admin, "{\"userId\":null}");
    assertThat(released.statusCode()).as(released.body()).isEqualTo(204);
    assertThat(assignee(taskId)).isNull();
    HttpResponse<String> assignBob = post(task + "/assignee", admin, "{\"userId\":\"bob\"}");
    assertThat(assignBob.statusCode()).as(assignBob.body()).isEqualTo(403);
    assertThat(assignBob.body()).contains("admin may not assign it to bob");

    // the completion by the requester reads as one sentence too, not as the engine's wrapped listener error
    String approve = "{\"variables\":{\"approvalDecision\":{\"value\":\"approve\"},"
        + "\"approvalReason\":{\"value\":\"CHG-91\"}}}";
    HttpResponse<String> own = post(task + "/submit-form", alice, approve);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
    assertThat(own.body()).contains("\"message\":\"alice requested this run and cannot approve it").doesNotContain(
        "ENGINE-");

    assertThat(post(task + "/claim", bob, "{\"userId\":\"bob\"}").statusCode()).isEqualTo(204);
    HttpResponse<String> approved = post(task + "/submit-form", bob, approve);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(jdbc.queryForObject(
        "select coalesce(outcome, '') from drover_run where id=?", String.class, runId)));
    assertThat(jdbc.queryForList("select kind || ' ' || actor || ' ' || service from drover_audit where run_id=?"
        + " and kind='REFUSED' order by id", String.class, runId)).containsExactly(
            "REFUSED alice apr-claim", "REFUSED victor apr-claim", "REFUSED bob apr-claim", "REFUSED alice apr-claim",
            "REFUSED alice apr-claim", "REFUSED admin apr-claim", "REFUSED alice apr-claim");
  }

  private String assignee(String taskId) {
    return jdbc.queryForObject("select assignee_ from act_ru_task where id_=?", String.class, taskId);
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
