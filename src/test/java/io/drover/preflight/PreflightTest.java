package io.drover.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestCli;
import io.drover.support.TestWorld;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The preflight on real SSH hosts: a missing credential, a host presenting another key than the
 * pinned one, an unknown variable and a missing secret refuse the run before anything runs, with
 * every problem listed (problem details and the CLI), and the service stays READY; a takeover whose
 * primary site does not answer goes ahead with warnings.
 */
@DroverIntegrationTest
class PreflightTest {

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  ReadinessChecks readiness;

  TestApi api;

  @BeforeEach
  void setUp() {
    api = new TestApi(port);
  }

  @Test
  void aMissingCredentialRefusesTheRunAndNothingRuns() throws Exception {
    List<String> problems = refused("pre-cred");
    assertThat(problems).singleElement().asString().startsWith("host pre-nocred: ").contains("no-such-key")
        .contains("drover secret put no-such-key");
    assertNothingRan("pre-cred");
  }

  @Test
  void aHostPresentingAnotherKeyThanThePinnedOneRefusesTheRun() throws Exception {
    List<String> problems = refused("pre-key");
    assertThat(problems).singleElement().asString().startsWith("host pre-badkey (127.0.0.1:")
        .contains("HOST_KEY_MISMATCH");
    assertNothingRan("pre-key");
  }

  @Test
  void anUnknownVariableAndAMissingSecretAreAllListedAlsoByTheCli() throws Exception {
    List<String> problems = refused("pre-var");
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("step Run step one (Task_StepOne): parameter"
        + " 'command' uses ${ldnDirr}, but a run of this service has no variable ldnDirr"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("step Run step one (Task_StepOne): ")
        .contains("no-such-secret"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("step Run step two (Task_StepTwo): ")
        .contains("no-such-secret"));
    assertNothingRan("pre-var");

    TestCli.Result cli = TestCli.run("run", "--url", "http://127.0.0.1:" + port, "pre-var", "migrate");
    assertThat(cli.status()).isEqualTo(1);
    List<String> lines = cli.err().lines().filter(l -> l.startsWith("drover: ") || l.startsWith("  - ")).toList();
    assertThat(lines.get(0)).startsWith("drover: HTTP 422: preflight found " + problems.size() + " problems before"
        + " migrate of pre-var; nothing ran");
    assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(problems.stream().map(p -> "  - " + p)
        .toList());
  }

  @Test
  void aStepTypesProbeFindsItsTargetMissing() throws Exception {
    assertThat(refused("pre-probe")).containsExactly("step Run step one (Task_StepOne): mount point"
        + " /srv/drover-no-such-mount does not exist on pa");
    assertNothingRan("pre-probe");
  }

  @Test
  void aTakeoverWhosePrimarySiteIsGoneGoesAheadWithWarnings() throws Exception {
    String runId = api.request("pre-takeover", "takeover");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED_WITH_WARNINGS");
    assertThat(api.log(runId)).contains("PREFLIGHT").contains("1 warnings: host pol-silent")
        .contains("(primary site, expected in a takeover)");
    assertThat(TestWorld.trace(TestWorld.demo().hosts().get(1).home(), "pre-takeover")).containsExactly("2");

    // the primary was never fenced (its step failed under WARN): the service says so until someone fences it
    JsonNode service = api.service("pre-takeover");
    assertThat(service.path("status").asText()).isEqualTo("PRIMARY_NOT_FENCED");
    assertThat(service.path("unfencedRunId").asText()).isEqualTo(runId);
    assertThat(api.log(runId)).contains("PRIMARY_NOT_FENCED     takeover went on past failed primary-side steps (Run"
        + " step one on pol-silent)");
    TestCli.Result services = TestCli.run("services", "--url", "http://127.0.0.1:" + port);
    assertThat(services.out()).containsPattern("pre-takeover\\s+standby\\s+nyc\\s+PRIMARY_NOT_FENCED")
        .contains("! pre-takeover: takeover " + runId + " could not fence the primary; fence it, then: drover fenced"
            + " pre-takeover --reason ...");
    assertThat(prometheus()).contains("drover_primary_not_fenced{service=\"pre-takeover\"} 1.0")
        .contains("drover_primary_not_fenced{service=\"pre-ok\"} 0.0");
    assertThat(api.client().getText("/api/runs/" + runId + "/report").body()).contains("NOT FENCED: takeover went on");

    // a failback checks it first: refused, unless forced with a reason (audited FORCED)
    io.drover.support.TestApi.assertRefused(() -> api.request("pre-takeover", "failback"), 409,
        "service pre-takeover is PRIMARY_NOT_FENCED: takeover " + runId + " could not fence or stop the primary");
    io.drover.support.TestApi.assertRefused(() -> api.client().post("/api/services/pre-takeover/operations",
        java.util.Map.of("action", "failback", "force", true)), 400, "needs a reason");
    String forced = api.client().post("/api/services/pre-takeover/operations", java.util.Map.of("action", "failback",
        "force", true, "skipPreflight", true, "reason", "primary site powered off, checked with facilities"))
        .path("runId").asText();
    assertThat(jdbc.queryForObject("select detail from drover_audit where kind='FORCED' and run_id=?", String.class,
        forced)).isEqualTo("failback although PRIMARY_NOT_FENCED after takeover " + runId + ": primary site powered off,"
        + " checked with facilities");
    api.awaitEnd(forced);
    assertThat(api.service("pre-takeover").path("unfencedRunId").asText()).as("a run does not clear it").isEqualTo(runId);

    // a person states the primary is fenced: cleared, journalled and audited
    TestCli.Result fenced = TestCli.run("fenced", "--url", "http://127.0.0.1:" + port, "pre-takeover", "--reason",
        "storage zoned out, hosts powered off");
    assertThat(fenced.status()).as(fenced.err()).isZero();
    assertThat(fenced.out()).contains("pre-takeover: primary fenced, PRIMARY_NOT_FENCED cleared");
    assertThat(api.service("pre-takeover").path("unfencedRunId").isNull()).isTrue();
    assertThat(prometheus()).contains("drover_primary_not_fenced{service=\"pre-takeover\"} 0.0");
    assertThat(jdbc.queryForObject("select detail from drover_audit where kind='FENCED' and service='pre-takeover'",
        String.class)).isEqualTo("primary fenced after takeover " + runId + ": storage zoned out, hosts powered off");
    io.drover.support.TestApi.assertRefused(() -> api.client().post("/api/services/pre-takeover/fenced",
        java.util.Map.of("reason", "again")), 409, "is not PRIMARY_NOT_FENCED");
  }

  private String prometheus() throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void theReadinessOfAnActionTheServicesStateRefusesIsNotApplicable() throws Exception {
    // pre-ok has migrate and failback procedures: whichever site is active, one of them would get 409
    boolean primary = "PRIMARY".equalsIgnoreCase(api.service("pre-ok").path("activeSite").asText());
    String refused = primary ? "failback" : "migrate";
    String allowed = primary ? "migrate" : "failback";
    TestCli.Result cli = TestCli.run("check", "--url", "http://127.0.0.1:" + port, "pre-ok");
    assertThat(cli.out()).containsPattern("pre-ok\\s+" + refused + "\\s+NOT_APPLICABLE")
        .contains("  - " + refused + " needs the " + (primary ? "standby" : "primary") + " site active; the "
            + (primary ? "primary" : "standby") + " site is")
        .containsPattern("pre-ok\\s+" + allowed + "\\s+VERIFIED");
    assertThat(cli.status()).as("not applicable is not a failed check").isZero();
    JsonNode readiness = api.service("pre-ok").path("readiness");
    for (JsonNode one : readiness) {
      assertThat(one.path("state").asText()).as(one.toString())
          .isEqualTo(one.path("action").asText().equals(refused) ? Readiness.NOT_APPLICABLE : Readiness.VERIFIED);
    }
    assertThat(readiness).hasSize(2);
    // pre-ok's hosts take a static key: readiness marks them, for both actions
    for (JsonNode one : readiness) {
      List<String> hosts = new ArrayList<>();
      one.path("staticCredentialHosts").forEach(h -> hosts.add(h.asText()));
      assertThat(hosts).as(one.toString()).containsExactlyInAnyOrder("pa", "pb");
    }
    assertThat(prometheus()).contains("drover_readiness_static_credential{host=\"pa\",service=\"pre-ok\"} 1.0")
        .contains("drover_readiness_static_credential{host=\"pb\",service=\"pre-ok\"} 1.0");
    TestCli.Result services = TestCli.run("services", "--url", "http://127.0.0.1:" + port);
    assertThat(services.out()).contains("  ! pre-ok: STATIC_CREDENTIAL on pa, pb: one key for every run and requester");
  }

  @Test
  void aRunThatPassesItsPreflightSaysSoInItsLog() throws Exception {
    String runId = api.request("pre-ok", "migrate");
    api.awaitEnd(runId);
    assertThat(api.log(runId)).containsPattern("PREFLIGHT +\\d+ checks passed");
  }

  @Test
  void aDryRunShowsTheStepsAsTheyWouldRunWithAForecastFromEarlierRunsAndRunsNothing() throws Exception {
    if ("STANDBY".equalsIgnoreCase(api.service("pre-ok").path("activeSite").asText())) {
      assertThat(api.awaitEnd(api.request("pre-ok", "failback")).path("outcome").asText()).isEqualTo("SUCCEEDED");
    }
    for (int i = 0; i < 2; i++) {
      assertThat(api.awaitEnd(api.request("pre-ok", "migrate")).path("outcome").asText()).isEqualTo("SUCCEEDED");
      assertThat(api.awaitEnd(api.request("pre-ok", "failback")).path("outcome").asText()).isEqualTo("SUCCEEDED");
    }
    Integer runs = jdbc.queryForObject("select count(*) from drover_run where service = 'pre-ok'", Integer.class);
    List<String> traced = TestWorld.trace(TestWorld.demo().hosts().get(0).home(), "pre-ok");

    JsonNode plan = api.client().post("/api/services/pre-ok/operations", java.util.Map.of("action", "migrate",
        "dryRun", "true"));
    assertThat(plan.path("preflight").path("problems")).isEmpty();
    assertThat(plan.path("refusedNow").isNull()).isTrue();
    JsonNode one = plan.path("steps").get(0);
    assertThat(one.path("name").asText()).isEqualTo("Run step one");
    assertThat(one.path("hosts").asText()).isEqualTo("pa");
    assertThat(one.path("runs").asText()).isEqualTo("sh -c 'mkdir -p \"pol/$1\" && echo 1 >> \"pol/$1/trace\"' step"
        + " pre-ok");
    assertThat(one.path("policy").asText()).isEqualTo("DIE");
    assertThat(one.path("samples").asInt()).isEqualTo(2);
    assertThat(one.path("medianMillis").isNumber()).isTrue();
    assertThat(plan.path("steps").get(1).path("policy").asText()).isEqualTo("WARN");
    assertThat(plan.path("steps").get(1).path("hosts").asText()).isEqualTo("pb");
    assertThat(plan.path("p90Millis").asLong()).isGreaterThanOrEqualTo(plan.path("medianMillis").asLong());
    assertThat(plan.path("rto").asText()).isEqualTo("PT5M");
    assertThat(plan.path("withinRto").asBoolean()).isTrue();
    assertThat(jdbc.queryForObject("select count(*) from drover_run where service = 'pre-ok'", Integer.class))
        .as("a dry run creates no run").isEqualTo(runs);
    assertThat(TestWorld.trace(TestWorld.demo().hosts().get(0).home(), "pre-ok")).as("nor runs anything")
        .isEqualTo(traced);

    TestCli.Result cli = TestCli.run("run", "--url", "http://127.0.0.1:" + port, "pre-ok", "migrate", "--dry-run");
    String text = cli.out();
    assertThat(cli.status()).as(text).isZero();
    assertThat(text).contains("dry run: migrate of pre-ok (nothing runs)\npreflight: passed, ")
        .contains("Run step one").contains("(n=2)").contains("RTO PT5M: within");
  }

  @Test
  void aScheduledCheckTurnsVerifiedIntoDriftedWhenAHostKeyChangesAndTheAuditTrailSaysSo() throws Exception {
    Readiness first = readiness.tick().orElseThrow();
    assertThat(first.service()).isEqualTo("pre-drift");
    assertThat(first.state()).as(String.valueOf(first.problems())).isEqualTo(Readiness.VERIFIED);
    assertThat(first.verifiedAt()).isNotNull();

    TestWorld.replaceDriftHostKey();
    Readiness second = readiness.tick().orElseThrow();
    assertThat(second.state()).isEqualTo(Readiness.DRIFTED);
    assertThat(second.verifiedAt()).as("when it was last verified").isEqualTo(first.verifiedAt());
    assertThat(second.problems()).singleElement().asString().startsWith("host pre-drift (127.0.0.1:")
        .contains("HOST_KEY_MISMATCH");

    HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body()).contains("drover_readiness_verified{action=\"migrate\",service=\"pre-drift\"} 0.0")
        .contains("drover_readiness_drifted{action=\"migrate\",service=\"pre-drift\"} 1.0");
    JsonNode service = api.service("pre-drift");
    assertThat(service.path("readiness").get(0).path("state").asText()).isEqualTo("DRIFTED");
    assertThat(jdbc.queryForList("select detail from drover_audit where kind = 'READINESS' and service = 'pre-drift'"
        + " order by id", String.class)).containsExactly("migrate: (never checked) -> VERIFIED",
        "migrate: VERIFIED -> DRIFTED: " + second.problems().get(0));

    TestCli.Result cli = TestCli.run("check", "--url", "http://127.0.0.1:" + port, "pre-drift");
    assertThat(cli.status()).isEqualTo(1);
    assertThat(cli.out()).containsPattern("pre-drift\\s+migrate\\s+DRIFTED")
        .contains("  - host pre-drift (127.0.0.1:");
  }

  /** Requests a migrate of {@code service}; the API must refuse it as a failed preflight, listing the problems. */
  private List<String> refused(String service) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + port + "/api/services/" + service + "/operations")).header("Content-Type",
        "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"migrate\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = new ObjectMapper().readTree(response.body());
    assertThat(problem.path("type").asText()).isEqualTo("https://drover.io/problems/preflight-failed");
    assertThat(problem.path("detail").asText()).contains("nothing ran and the service stays as it was");
    List<String> problems = new ArrayList<>();
    problem.path("problems").forEach(p -> problems.add(p.asText()));
    assertThat(problems).isNotEmpty();
    return problems;
  }

  private void assertNothingRan(String service) throws Exception {
    assertThat(api.service(service).path("status").asText()).isEqualTo("READY");
    assertThat(jdbc.queryForObject("select count(*) from drover_run where service = ?", Integer.class, service))
        .isZero();
    assertThat(TestWorld.trace(TestWorld.demo().hosts().get(0).home(), service)).isEmpty();
    assertThat(TestWorld.trace(TestWorld.demo().hosts().get(1).home(), service)).isEmpty();
  }
}
