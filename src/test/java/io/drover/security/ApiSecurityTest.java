package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.DroverApplication;
import io.drover.cli.DroverCli;
import io.drover.support.KeycloakBrowser;
import io.drover.support.TestBrowser;
import io.drover.support.TestKeycloak;
import io.drover.support.TestPostgres;
import io.drover.support.TestWorld;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * Drover behind a real Keycloak: 401 without a valid token, 403 for a missing role, a foreign group
 * or a disallowed origin, each an audit record; a permitted operator's run is admitted under her
 * name; the CLI logs in with the realm the server names; four-eyes approval through Camunda's REST
 * API; people sign in to Tasklist at Keycloak's login page and see only their services' tasks (over
 * HTTP, and in a real browser). Runs in a JVM of its own (tag own-jvm): Camunda's REST API finds the
 * engine by its default name.
 */
@SpringBootTest(classes = DroverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = ApiSecurityTest.Secured.class)
@Tag("own-jvm")
class ApiSecurityTest {

  /** The test world, on a database of its own, with tokens required and rules for three services. */
  static class Secured implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      new TestWorld().initialize(context);
      String url = TestPostgres.jdbcUrl();
      try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
        c.createStatement().execute("create database secured");
      } catch (java.sql.SQLException alreadyThere) {
        // a second context in this JVM
      }
      TestPropertyValues.of(
          "spring.datasource.url=" + url.replace("/postgres?", "/secured?").replaceAll("/postgres$", "/secured"),
          "drover.security.issuer-uri=" + TestKeycloak.issuer(),
          "drover.security.services.pol-sync.group=service-payments",
          "drover.security.services.aud-svc.group=service-payments",
          "drover.security.services.aud-svc.origins=10.0.0.0/8",
          "drover.security.services.ask-skip.group=service-payments",
          "drover.security.services.slow-svc.group=service-payments",
          "drover.security.services.apr-ok.group=service-payments",
          "drover.security.services.cli-warn.group=service-payments",
          "drover.security.services.apr-cancel.group=service-payments",
          "drover.security.services.apr-reject.group=service-payments",
          "drover.security.services.hist-svc.group=service-payments",
          "drover.security.web-client-secret=" + TestKeycloak.credentials().get("DROVER_KC_SECRET_DROVER_WEB"),
          "drover.security.clock-skew=PT0S").applyTo(context);
    }
  }

  @LocalServerPort
  int port;

  @org.junit.jupiter.api.BeforeEach
  void letKeycloakSendPeopleBackHere() throws Exception {
    TestKeycloak.allowWebRedirect(port);
  }

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  org.camunda.bpm.engine.ProcessEngine engine;

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void onlyAccessTokensForDroverAreTakenAndAdministratorsAreCamundaAdminsYetCannotDeploy() throws Exception {
    HttpResponse<String> withIdToken = get("/api/services", TestKeycloak.idToken("alice"));
    assertThat(withIdToken.statusCode()).as(withIdToken.body()).isEqualTo(401);
    assertThat(withIdToken.body()).contains("not an access token");
    assertThat(get("/api/services", TestKeycloak.token("alice")).statusCode()).isEqualTo(200);

    // dr-admins administer the engine without any lookup at Keycloak while the engine is built
    assertThat(((org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getAdminGroups()).contains("dr-admins");
    String admin = TestKeycloak.token("admin");
    assertThat(get("/engine-rest/process-definition?key=pol-die-migrate", admin).body())
        .as("an administrator sees a procedure of a group they are not in").contains("\"key\":\"pol-die-migrate\"");
    // ... but not even they deploy or start procedures around Drover
    HttpResponse<String> deploy = post("/engine-rest/deployment/create", admin, "{}");
    assertThat(deploy.statusCode()).as(deploy.body()).isEqualTo(403);
    assertThat(deploy.body()).contains("deployed only by Drover");
    HttpResponse<String> start = post("/engine-rest/process-definition/key/apr-cancel-migrate/start", admin, "{}");
    assertThat(start.statusCode()).as(start.body()).isEqualTo(403);
    assertThat(jdbc.queryForObject("select count(*) from drover_audit where kind='REFUSED' and actor='admin'"
        + " and detail like '403 engine-rest:%'", Integer.class)).isGreaterThanOrEqualTo(2);
  }

  @Test
  void readsAreScopedToTheCallersServiceGroups() throws Exception {
    String alice = TestKeycloak.token("alice");
    String carol = TestKeycloak.token("carol");
    assertThat(get("/api/services", alice).body()).contains("\"name\":\"pol-sync\"");
    assertThat(get("/api/services", carol).body()).doesNotContain("\"name\":\"pol-sync\"");
    HttpResponse<String> foreign = get("/api/services/pol-sync", carol);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("carol is not in group service-payments");
    assertThat(get("/api/audit/verify", alice).statusCode()).isEqualTo(403);
    assertThat(get("/api/audit/verify", TestKeycloak.token("admin")).statusCode()).isEqualTo(200);
  }

  @Test
  void anOperatorsDecisionInTasklistIsJournaledUnderHerName() throws Exception {
    String alice = TestKeycloak.token("alice");
    HttpResponse<String> admitted = migrate("ask-skip", alice);
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(202);
    String runId = runId(admitted);
    String forged = alice.substring(0, alice.length() - 4) + (alice.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThat(get("/engine-rest/task?processInstanceBusinessKey=" + runId, forged).statusCode()).isEqualTo(401);
    await().atMost(Duration.ofSeconds(30)).until(() -> get("/engine-rest/task?processInstanceBusinessKey=" + runId, alice)
        .body().contains("\"id\""));
    String taskId = get("/engine-rest/task?processInstanceBusinessKey=" + runId, alice).body()
        .replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> decided = post("/engine-rest/task/" + taskId + "/submit-form", alice,
        "{\"variables\":{\"decision\":{\"value\":\"skip\"},\"decisionReason\":{\"value\":\"disk checked\"}}}");
    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED_WITH_WARNINGS".equals(jdbc.queryForObject(
        "select coalesce(outcome, '') from drover_run where id=?", String.class, runId)));
    assertThat(jdbc.queryForObject("select actor from drover_event where run_id=? and kind='DECISION'", String.class,
        runId)).isEqualTo("alice");
  }

  @Test
  void theRequesterCannotApproveHerOwnRunThroughRestButAnotherApproverCan() throws Exception {
    String alice = TestKeycloak.token("alice");
    HttpResponse<String> admitted = migrate("apr-ok", alice);
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(202);
    assertThat(admitted.body()).contains("\"status\":\"AWAITING_APPROVAL\"");
    String runId = runId(admitted);
    await().atMost(Duration.ofSeconds(30)).until(() -> get("/engine-rest/task?processInstanceBusinessKey=" + runId, alice)
        .body().contains("\"id\""));
    String taskId = get("/engine-rest/task?processInstanceBusinessKey=" + runId, alice).body()
        .replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
    String approve = "{\"variables\":{\"approvalDecision\":{\"value\":\"approve\"},"
        + "\"approvalReason\":{\"value\":\"CHG-77 approved\"}}}";

    HttpResponse<String> self = post("/engine-rest/task/" + taskId + "/submit-form", alice, approve);
    assertThat(self.statusCode()).as(self.body()).isEqualTo(403);
    assertThat(self.body()).contains("alice requested this run and cannot approve it");
    HttpResponse<String> viewer = post("/engine-rest/task/" + taskId + "/submit-form", TestKeycloak.token("victor"),
        approve);
    assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(403);
    assertThat(viewer.body()).contains("victor does not have role dr-approver");
    // the same paths around the approval as in open mode (AttackTest), here with tokens of the realm:
    // a viewer and the requester rewriting variables, the approver adding a field
    String victor = TestKeycloak.token("victor");
    for (String[] write : new String[][] {{victor, "/engine-rest/task/" + taskId + "/variables/requestedBy"},
        {alice, "/engine-rest/task/" + taskId + "/variables/procedure"}}) {
      HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + port + write[1])).header("Authorization", "Bearer " + write[0]).header("Content-Type",
              "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"carol\",\"type\":\"String\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(403);
      assertThat(put.body()).contains("engine-rest-refused");
    }
    HttpResponse<String> extraField = post("/engine-rest/task/" + taskId + "/submit-form", TestKeycloak.token("bob"),
        "{\"variables\":{\"approvalDecision\":{\"value\":\"approve\"},\"approvalReason\":{\"value\":\"ok\"},"
        + "\"requestedBy\":{\"value\":\"carol\"}}}");
    assertThat(extraField.statusCode()).as(extraField.body()).isEqualTo(403);
    assertThat(extraField.body()).contains("'requestedBy' is not a field to fill in");
    assertThat(jdbc.queryForObject("select status from drover_run where id=?", String.class, runId))
        .isEqualTo("AWAITING_APPROVAL");

    HttpResponse<String> approved = post("/engine-rest/task/" + taskId + "/submit-form", TestKeycloak.token("bob"),
        approve);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(jdbc.queryForObject(
        "select coalesce(outcome, '') from drover_run where id=?", String.class, runId)));
    assertThat(jdbc.queryForObject("select approved_by from drover_run where id=?", String.class, runId)).isEqualTo("bob");
    assertThat(jdbc.queryForList("select kind || ' ' || actor from drover_audit where run_id=? order by id",
        String.class, runId)).containsExactly("REQUESTED alice", "REFUSED alice", "REFUSED victor", "APPROVED bob",
            "RUN_ENDED drover");
  }

  @Test
  void theCliLogsInWithTheRealmTheServerNamesAndUsesTheSavedToken(@TempDir Path dir)
      throws Exception {
    String url = "http://127.0.0.1:" + port;
    Path secret = dir.resolve("secret");
    Files.writeString(secret, TestKeycloak.credentials().get("DROVER_KC_SECRET_DROVER_AUTOMATION"));
    String tokenFile = dir.resolve("token.json").toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(DroverCli.commandLine().setErr(new PrintWriter(err, true))
        .execute("services", "--url", url, "--token-file", tokenFile)).isEqualTo(1);
    assertThat(err.toString()).contains("HTTP 401").contains("; sign in with drover login (or set DROVER_TOKEN)");
    int login = DroverCli.commandLine().setOut(new PrintWriter(out, true))
        .execute("login", "--url", url, "--client-credentials", "--client-secret-file", secret.toString(),
            "--token-file", tokenFile);
    assertThat(login).as(out.toString()).isZero();
    assertThat(out.toString()).contains("signed in as service-account-drover-automation");
    assertThat(DroverCli.commandLine().execute("run", "--url", url, "--token-file", tokenFile,
        "cli-warn", "migrate", "--wait")).isZero();
    assertThat(jdbc.queryForObject("select requested_by from drover_run where service='cli-warn'", String.class))
        .isEqualTo("service-account-drover-automation");
  }

  @Test
  void peopleSignInToTasklistThroughKeycloakSeeOnlyTheirServicesTasksAndCannotApproveTheirOwnRuns() throws Exception {
    String base = "http://127.0.0.1:" + port;
    HttpResponse<String> admitted = migrate("apr-cancel", TestKeycloak.token("alice"));
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(202);
    String runId = runId(admitted);
    String tasks = base + "/camunda/api/engine/engine/default/task?processInstanceBusinessKey=" + runId;

    KeycloakBrowser bob = signedIn("bob");
    assertThat(bob.get(base + "/camunda/api/admin/auth/user/default").body()).contains("\"userId\":\"bob\"")
        .contains("tasklist").contains("cockpit").doesNotContain("\"admin\"");
    await().atMost(Duration.ofSeconds(30)).until(() -> bob.get(tasks).body().contains("\"id\""));
    String taskId = bob.get(tasks).body().replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
    assertThat(bob.get(tasks).body()).contains("Approve migrate of apr-cancel");

    assertThat(bob.get(base + "/camunda/api/engine/engine/default/process-definition?key=apr-cancel-migrate").body())
        .as("bob's service group sees its procedures in Cockpit").contains("\"key\":\"apr-cancel-migrate\"");
    KeycloakBrowser carol = signedIn("carol");
    assertThat(carol.get(tasks).body()).as("carol is not in service-payments").isEqualTo("[]");
    assertThat(carol.get(base + "/camunda/api/engine/engine/default/process-definition?key=apr-cancel-migrate").body())
        .isEqualTo("[]");

    String approve = "{\"variables\":{\"approvalDecision\":{\"value\":\"approve\"},"
        + "\"approvalReason\":{\"value\":\"my own change\"}}}";
    KeycloakBrowser alice = signedIn("alice");
    HttpResponse<String> self = alice.postJson(base + "/camunda/api/engine/engine/default/task/" + taskId
        + "/submit-form", approve);
    assertThat(self.statusCode()).as(self.body()).isNotEqualTo(204);
    assertThat(self.body()).contains("alice requested this run and cannot approve it");

    HttpResponse<String> rejected = bob.postJson(base + "/camunda/api/engine/engine/default/task/" + taskId
        + "/submit-form", "{\"variables\":{\"approvalDecision\":{\"value\":\"reject\"},"
        + "\"approvalReason\":{\"value\":\"not during month-end\"}}}");
    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(204);
    assertThat(jdbc.queryForObject("select outcome from drover_run where id=?", String.class, runId)).isEqualTo("ABORTED");
    assertThat(jdbc.queryForObject("select actor from drover_event where run_id=? and kind='REJECTED'", String.class,
        runId)).isEqualTo("bob");

    KeycloakBrowser admin = signedIn("admin");
    assertThat(admin.get(base + "/camunda/api/admin/auth/user/default").body()).contains("\"admin\"");

    // a page of another site posts with bob's cookies and no XSRF token: refused, and bob stays signed in
    for (String path : List.of("/camunda/api/engine/engine/default/task/" + taskId + "/claim", "/logout",
        "/camunda/api/admin/auth/user/default/logout", "/camunda/api/tasklist/plugin/x", "/nowhere")) {
      HttpResponse<String> crossSite = bob.postFromAnotherSite(base + path, "{}");
      assertThat(crossSite.statusCode()).as(path + ": " + crossSite.body()).isEqualTo(403);
      assertThat(crossSite.body()).as(path).contains("cross-origin");
      assertThat(bob.get(base + "/camunda/api/admin/auth/user/default").body()).as("after " + path)
          .contains("\"userId\":\"bob\"");
    }
    bob.get(base + "/logout"); // a GET, as an image on any page would send it, does not sign out
    assertThat(bob.get(base + "/camunda/api/admin/auth/user/default").body()).contains("\"userId\":\"bob\"");
  }

  @Test
  void anApproverSignsInWithARealBrowserSeesTheApprovalFormAndRejectsTheRun() throws Exception {
    String base = "http://127.0.0.1:" + port;
    HttpResponse<String> admitted = migrate("apr-reject", TestKeycloak.token("alice"));
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(202);
    String runId = runId(admitted);
    try (TestBrowser browser = new TestBrowser()) {
      try {
        browser.open(base + "/camunda/app/tasklist/default/");
        browser.signInAtKeycloak("bob", TestKeycloak.credentials().get("DROVER_KC_PASSWORD_BOB"));
        browser.click(By.xpath("//*[contains(text(),'Approve migrate of apr-reject')]"));
        browser.click(By.xpath("//*[normalize-space(text())='Claim']"));
        // the Camunda Form shows what is about to happen
        assertThat(browser.visible(By.xpath("//label[contains(., 'Steps about to run')]"
            + "/following::textarea[1]")).getDomProperty("value")).isEqualTo("1. Run step one\n2. Run step two");
        assertThat(browser.visible(By.xpath("//label[contains(., 'Requested by')]"
            + "/following::input[1]")).getDomProperty("value")).isEqualTo("alice");
        browser.click(By.xpath("//label[contains(., 'Reject: abort the run')]"));
        browser.visible(By.xpath("//label[contains(., 'Reason (kept in the journal)')]"
            + "/following::textarea[1]")).sendKeys("storage team not ready");
        browser.click(By.xpath("//button[normalize-space()='Complete']"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "ABORTED".equals(jdbc.queryForObject(
            "select coalesce(outcome, '') from drover_run where id=?", String.class, runId)));
      } catch (RuntimeException | AssertionError e) {
        browser.screenshot("tasklist-approval");
        throw e;
      }
    }
    assertThat(jdbc.queryForObject("select actor || ': ' || detail from drover_event where run_id=? and kind='REJECTED'",
        String.class, runId)).isEqualTo("bob: migrate requested by alice: storage team not ready");
  }

  /** A person signed in to Tasklist through Keycloak's login page. */
  private KeycloakBrowser signedIn(String user) throws Exception {
    KeycloakBrowser browser = new KeycloakBrowser();
    String page = browser.signIn("http://127.0.0.1:" + port + "/camunda/app/tasklist/default/", user,
        TestKeycloak.credentials().get("DROVER_KC_PASSWORD_" + user.toUpperCase()));
    assertThat(page).as("Tasklist after %s signed in at Keycloak", user).contains("Camunda Tasklist");
    return browser;
  }

  @Test
  void anExpiredTokenIsRefusedButARunOutlivesItsRequestersToken() throws Exception {
    String kc = TestKeycloak.credentials().get("DROVER_KC_URL");
    String admin = TestKeycloak.token(kc + "/realms/master", "admin-cli", "admin",
        TestKeycloak.credentials().get("DROVER_KC_ADMIN_PASSWORD"));
    HttpClient http = HttpClient.newHttpClient();
    String clients = http.send(HttpRequest.newBuilder(URI.create(kc + "/admin/realms/drover/clients?clientId=drover-tests"))
        .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()).body();
    String id = clients.replaceAll("(?s)^\\[\\{\"id\":\"([^\"]+)\".*", "$1");
    String shortLived;
    try {
      lifespan(http, kc, admin, id, "3");
      shortLived = TestKeycloak.token("alice");
    } finally {
      lifespan(http, kc, admin, id, "300");
    }
    HttpResponse<String> admitted = migrate("slow-svc", shortLived);
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(202);
    String runId = runId(admitted);
    await().pollDelay(Duration.ofMillis(4500)).atMost(Duration.ofSeconds(10)).until(() -> true);
    HttpResponse<String> expired = migrate("slow-svc", shortLived);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.body()).containsIgnoringCase("expired");
    await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(jdbc.queryForObject(
        "select coalesce(outcome, '') from drover_run where id=?", String.class, runId)));
    assertThat(jdbc.queryForObject("select requested_by from drover_run where id=?", String.class, runId)).isEqualTo("alice");
  }

  private static void lifespan(HttpClient http, String kc, String admin, String clientId, String seconds)
      throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(kc + "/admin/realms/drover/clients/"
            + clientId)).header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"attributes\":{\"access.token.lifespan\":\"" + seconds + "\"}}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  /** The run id of an admitted request's answer. */
  @Test
  void theCockpitPluginsRunPagesFollowTheServiceGroupsWithTheWebSignIn() throws Exception {
    String base = "http://127.0.0.1:" + port;
    HttpResponse<String> admitted = migrate("hist-svc", TestKeycloak.token("alice"));
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(202);
    String runId = runId(admitted);
    await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("select status from drover_run where id=?",
        String.class, runId).equals("ENDED"));
    KeycloakBrowser bob = signedIn("bob");
    HttpResponse<String> seen = bob.get(base + "/drover-web/runs/" + runId);
    assertThat(seen.statusCode()).as(seen.body()).isEqualTo(200);
    assertThat(seen.body()).contains("\"service\":\"hist-svc\"").contains("disk almost full").contains("<bpmn:process");
    assertThat(bob.get(base + "/drover-web/runs").body()).contains(runId);
    assertThat(bob.get(base + "/drover-web/runs/" + runId + "/report").body()).contains("DR evidence: migrate of hist-svc");
    KeycloakBrowser carol = signedIn("carol");
    HttpResponse<String> refused = carol.get(base + "/drover-web/runs/" + runId);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("carol is not in group service-payments");
    assertThat(carol.get(base + "/drover-web/runs").body()).doesNotContain(runId);
    // a bearer token is not a web sign-in: the plugin's endpoints belong to the web apps' session
    assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/drover-web/runs/" + runId))
        .header("Authorization", "Bearer " + TestKeycloak.token("alice")).build(), HttpResponse.BodyHandlers.ofString())
        .body()).doesNotContain("disk almost full");
  }

  private static String runId(HttpResponse<String> admitted) {
    return admitted.body().replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1");
  }

  private HttpResponse<String> migrate(String service, String token) throws Exception {
    return post("/api/services/" + service + "/operations", token, "{\"action\":\"migrate\"}");
  }

  @Test
  void onlyAPermittedOperatorFromAnAllowedOriginMayRequestARun() throws Exception {
    assertThat(jdbc.queryForObject("select current_database()", String.class)).isEqualTo("secured");
    HttpResponse<String> anonymous = migrate("pol-sync", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).contains("\"type\":\"https://drover.io/problems/unauthenticated\"");

    String alice = TestKeycloak.token("alice");
    String forged = alice.substring(0, alice.length() - 4) + (alice.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThat(migrate("pol-sync", forged).statusCode()).isEqualTo(401);
    String master = TestKeycloak.token(TestKeycloak.issuer().replace("/realms/drover", "/realms/master"), "admin-cli",
        "admin", TestKeycloak.credentials().get("DROVER_KC_ADMIN_PASSWORD"));
    assertThat(migrate("pol-sync", master).statusCode()).as("a token of another realm").isEqualTo(401);

    HttpResponse<String> viewer = migrate("pol-sync", TestKeycloak.token("victor"));
    assertThat(viewer.statusCode()).isEqualTo(403);
    assertThat(viewer.body()).contains("action migrate on pol-sync needs role dr-operator; victor has dr-viewer");
    HttpResponse<String> otherGroup = migrate("pol-sync", TestKeycloak.token("carol"));
    assertThat(otherGroup.statusCode()).isEqualTo(403);
    assertThat(otherGroup.body()).contains("carol is not in group service-payments, which may operate pol-sync");
    HttpResponse<String> wrongOrigin = migrate("aud-svc", alice);
    assertThat(wrongOrigin.statusCode()).isEqualTo(403);
    assertThat(wrongOrigin.body()).contains("requests for aud-svc may only come from 10.0.0.0/8, not 127.0.0.1");

    HttpResponse<String> admitted = migrate("pol-sync", alice);
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(202);
    assertThat(admitted.body()).contains("\"requestedBy\":\"alice\"");
    String runId = runId(admitted);
    await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(jdbc.queryForObject(
        "select coalesce(outcome, '') from drover_run where id=?", String.class, runId)));

    assertThat(jdbc.queryForList("select actor || ' ' || origin || ' ' || detail from drover_audit where kind='REFUSED'"
        + " and service in ('pol-sync', 'aud-svc') order by id", String.class)).satisfiesExactly(
            e -> assertThat(e).startsWith("anonymous 127.0.0.1 401 unauthenticated: POST /api/services/pol-sync/operations"),
            e -> assertThat(e).startsWith("anonymous 127.0.0.1 401 unauthenticated"),
            e -> assertThat(e).startsWith("anonymous 127.0.0.1 401 unauthenticated"),
            e -> assertThat(e).startsWith("victor 127.0.0.1 403 forbidden: action migrate: action migrate on pol-sync needs role"),
            e -> assertThat(e).startsWith("carol 127.0.0.1 403 forbidden"),
            e -> assertThat(e).startsWith("alice 127.0.0.1 403 forbidden: action migrate: requests for aud-svc may only"));
  }
}
