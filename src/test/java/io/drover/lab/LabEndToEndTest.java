package io.drover.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.DroverApplication;
import io.drover.step.FailureReason;
import io.drover.step.StepFailure;
import io.drover.step.StepRequest;
import io.drover.step.StepResult;
import io.drover.step.StorageStep;
import io.drover.support.TestApi;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import io.drover.support.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The patent's procedure for real, on the lab's hosts (ops/lab/lab.sh up): OpenSSH in network
 * namespaces, BIND9, LVM on a loop device, the srdf stand-in. Runs in the Maven profile {@code lab}
 * ({@code ./mvnw -B -Plab verify}); fails loudly when the lab is not up.
 */
@SpringBootTest(classes = DroverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class LabEndToEndTest {

  static final Path LAB = Path.of(System.getenv().getOrDefault("DROVER_LAB_DIR", "/var/tmp/drover-lab"));

  @LocalServerPort
  int port;

  @Autowired
  StorageStep storage;

  @Autowired
  org.camunda.bpm.engine.TaskService tasks;

  @Autowired
  io.drover.step.HostResolver hosts;

  @Autowired
  io.drover.remote.RunConnections connections;

  @Autowired
  org.camunda.bpm.engine.IdentityService identity;

  /** A takeover needs a second person's approval: an approver of the service approves, then it runs. */
  private JsonNode approvedTakeover(TestApi api, String service) throws IOException {
    String runId = api.request(service, "takeover");
    new io.drover.support.TestApprovals(tasks, identity).approve(runId, "dora",
        java.util.List.of("dr-approver", "service-" + service), "lab: site ldn cut off");
    return api.awaitEnd(runId);
  }

  @BeforeAll
  static void labIsUp() {
    assertThat(LAB.resolve("known_hosts")).as("the lab is up: run ops/lab/lab.sh up (as root) first").exists();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    Path procedures = Files.createTempDirectory("drover-lab-procedures");
    Files.copy(Path.of("ops/lab/runbooks/payments.runbook"), procedures.resolve("payments.runbook"));
    Files.copy(Path.of("ops/lab/runbooks/ledger.runbook"), procedures.resolve("ledger.runbook"));
    registry.add("spring.datasource.url", TestPostgres::jdbcUrl);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
    registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
    registry.add("drover.inventory.dir", () -> "ops/lab/inventory");
    registry.add("drover.inventory.known-hosts", () -> LAB.resolve("known_hosts").toString());
    registry.add("drover.secrets.dir", () -> LAB.resolve("secrets").toString());
    registry.add("drover.procedures.dir", procedures::toString);
    registry.add("drover.procedures.retry-delay", () -> "PT1S");
    registry.add("drover.journal.log-dir", () -> procedures.resolve("runs").toString());
    registry.add("drover.ssh.connect-timeout", () -> "PT3S");
    registry.add("drover.dns.timeout", () -> "PT3S");
  }

  @Autowired
  org.camunda.bpm.engine.ManagementService management;

  @Autowired
  org.camunda.bpm.engine.RepositoryService repository;

  /**
   * Rehearse ledger: a clone of the streaming standby answers on its own port with the data as of
   * the copy, while the primary keeps serving and the standby keeps streaming; the cleanup leaves no
   * clone, process or directory.
   */
  @Test
  @org.junit.jupiter.api.Order(0)
  void aLedgerRehearsalReadsACloneOfTheStandbyWhileProductionGoesOnAndLeavesNothing() throws Exception {
    TestApi api = new TestApi(port);
    String before = "before the rehearsal " + java.util.UUID.randomUUID();
    sql("10.231.0.11", "insert into ledger (entry) values ('" + before + "')");
    awaitRow("10.231.0.12", before);
    String definition = repository.createProcessDefinitionQuery().processDefinitionKey("ledger-rehearse")
        .latestVersion().singleResult().getId();
    org.camunda.bpm.engine.management.JobDefinition cleanup = management.createJobDefinitionQuery()
        .processDefinitionId(definition).activityIdIn("Task_CleanUp").singleResult();
    // the cleanup waits while the test looks at the clone, the standby and the primary
    management.suspendJobDefinitionById(cleanup.getId());
    String id;
    try {
      id = api.request("ledger", "rehearse");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> management.createJobQuery()
          .jobDefinitionId(cleanup.getId()).count() == 1);
      assertThat(sql5433("select count(*) from ledger where entry = '" + before + "'")).isEqualTo("1");
      assertThat(sql5433("select pg_is_in_recovery()")).isEqualTo("f");
      String after = "after the copy " + java.util.UUID.randomUUID();
      sql("10.231.0.11", "insert into ledger (entry) values ('" + after + "')");
      // production goes on: the standby still streams and gets the new row; the clone is as of the copy
      awaitRow("10.231.0.12", after);
      assertThat(sql("10.231.0.12", "select status from pg_stat_wal_receiver")).isEqualTo("streaming");
      assertThat(sql("10.231.0.11", "select count(*) from pg_stat_replication where state = 'streaming'"))
          .isEqualTo("1");
      assertThat(sql5433("select count(*) from ledger where entry = '" + after + "'")).isEqualTo("0");
    } finally {
      management.activateJobDefinitionById(cleanup.getId(), true);
    }
    JsonNode run = api.awaitEnd(id);
    assertThat(run.path("outcome").asText()).as(api.log(id)).isEqualTo("SUCCEEDED");
    assertThat(steps(run)).containsExactly("Task_CloneStandbyDatabaseForRehearsalDbNycRehearsalOnStandby:SUCCEEDED:-",
        "Task_RunUsrBinPsqlH10231012P5433OnStandby:SUCCEEDED:-", "Task_CleanUp:SUCCEEDED:-");
    assertThat(run.path("steps").get(1).path("stdoutTail").asText()).containsPattern("ledger rows: [0-9]+");
    // cleaned up: nothing answers on the clone's port, its directory is gone; the service is where it was
    assertThat(Path.of("/var/tmp/drover-lab-pg/app2-rehearsal")).doesNotExist();
    assertThat(sql5433("select 1")).contains("port 5433 failed: Connection refused");
    JsonNode ledger = api.service("ledger");
    assertThat(ledger.path("activeSite").asText()).isEqualTo("primary");
    assertThat(ledger.path("status").asText()).isEqualTo("READY");
    assertThat(ledger.path("rehearsal").path("status").asText()).isEqualTo("PROVEN");
    assertThat(sql("10.231.0.11", "select pg_is_in_recovery()")).isEqualTo("f");
    assertThat(api.client().getText("/api/runs/" + id + "/exercise").body())
        .containsPattern("Recovery point used</td><td>replica position [0-9A-F]+/[0-9A-F]+, last transaction replayed")
        .contains("cleaned up: Remove rehearsal clone of database");
  }

  private static String sql5433(String query) throws Exception {
    return command("psql", "-q", "-h", "10.231.0.12", "-p", "5433", "-U", "postgres", "-d", "postgres", "-Atc", query);
  }

  /** The lab's plan moves ledger, then payments (which depends on it), and back in the reverse order. */
  @Test
  @org.junit.jupiter.api.Order(1)
  void theSitePlanMovesLedgerBeforePaymentsAndBringsThemBackInReverse() throws Exception {
    TestApi api = new TestApi(port);
    for (String action : List.of("migrate", "failback")) {
      String id = api.client().post("/api/plans/lab-site/runs", Map.of("action", action, "reason", "lab plan"))
          .path("planRunId").asText();
      org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
          .until(() -> "ENDED".equals(api.client().get("/api/plan-runs/" + id).path("status").asText()));
      JsonNode run = api.client().get("/api/plan-runs/" + id);
      assertThat(run.path("outcome").asText()).as(run.toPrettyString()).isEqualTo("SUCCEEDED");
      JsonNode ledger = api.run(run.path("services").findValues("runId").get(action.equals("migrate") ? 0 : 1).asText());
      JsonNode payments = api.run(run.path("services").findValues("runId").get(action.equals("migrate") ? 1 : 0).asText());
      assertThat(ledger.path("service").asText()).isEqualTo("ledger");
      assertThat(payments.path("service").asText()).isEqualTo("payments");
      String first = action.equals("migrate") ? "ledger" : "payments";
      JsonNode before = first.equals("ledger") ? ledger : payments;
      JsonNode after = first.equals("ledger") ? payments : ledger;
      assertThat(java.time.Instant.parse(before.path("endedAt").asText()))
          .as(first + " ends before the other starts").isBefore(java.time.Instant.parse(after.path("startedAt").asText()));
      assertThat(dig()).isEqualTo(action.equals("migrate") ? "app2.lab.example." : "app1.lab.example.");
      assertThat(sql(action.equals("migrate") ? "10.231.0.12" : "10.231.0.11", "select pg_is_in_recovery()"))
          .isEqualTo("f");
    }
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void migrateFailbackAndTakeoverWithThePrimaryCutOff() throws Exception {
    TestApi api = new TestApi(port);
    assertThat(dig()).isEqualTo("app1.lab.example.");
    assertThat(answer("10.231.0.11")).contains("demo app on app1: accounts=42");

    JsonNode migrate = api.awaitEnd(api.request("payments", "migrate"));
    assertThat(migrate.path("outcome").asText()).as(api.log(migrate.path("runId").asText())).isEqualTo("SUCCEEDED");
    assertThat(steps(migrate)).hasSize(9);
    assertThat(dig()).isEqualTo("app2.lab.example.");
    assertThat(answer("10.231.0.12")).contains("demo app on app2: accounts=42");
    assertThat(answer("10.231.0.11")).isNull();
    assertThat(symrdfState()).isEqualTo("Failed Over");
    // every host step logged in with the run's own certificate, and each host's sshd names it
    String migrateId = migrate.path("runId").asText();
    for (JsonNode step : migrate.path("steps")) {
      String host = step.path("host").asText();
      if (host.equals("app1") || host.equals("app2") || host.equals("gk")) {
        assertThat(step.path("credential").asText()).as(step.toString()).startsWith("certificate serial=")
            .contains("id=\"drover run=" + migrateId + " service=payments by=");
        assertThat(java.nio.file.Files.readString(LAB.resolve(host).resolve("sshd.log")))
            .contains("Accepted certificate ID \"drover run=" + migrateId + " service=payments by=");
      }
    }

    JsonNode failback = api.awaitEnd(api.request("payments", "failback"));
    assertThat(failback.path("outcome").asText()).as(api.log(failback.path("runId").asText())).isEqualTo("SUCCEEDED");
    assertThat(dig()).isEqualTo("app1.lab.example.");
    assertThat(answer("10.231.0.11")).contains("demo app on app1");
    assertThat(answer("10.231.0.12")).isNull();
    assertThat(symrdfState()).isEqualTo("Synchronized");

    lab("cut", "app1");
    try {
      JsonNode takeover = approvedTakeover(api, "payments");
      String log = api.log(takeover.path("runId").asText());
      assertThat(takeover.path("outcome").asText()).as(log).isEqualTo("SUCCEEDED_WITH_WARNINGS");
      // the preflight found the primary site gone and let the takeover go on with a warning
      assertThat(log).containsPattern("PREFLIGHT +\\d+ checks passed; 1 warnings: host app1 \\(10\\.231\\.0\\.11:22\\):"
          + " CONNECTION_TIMEOUT").contains("(primary site, expected in a takeover)");
      assertThat(steps(takeover)).contains("Task_StopApplicationAppFenceOnPrimary:FAILED:CONNECTION_TIMEOUT",
          "Task_UnmountFileSystemAppfsFenceOnPrimary:FAILED:CONNECTION_TIMEOUT",
          "Task_DeportDiskGroupAppdgFenceOnPrimary:FAILED:CONNECTION_TIMEOUT",
          "Task_WaitForHttpAnswerWebOnStandby:SUCCEEDED:-");
      assertThat(dig()).isEqualTo("app2.lab.example.");
      assertThat(answer("10.231.0.12")).contains("demo app on app2: accounts=42");
    } finally {
      lab("restore", "app1");
    }
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void theLedgerDatabasePairMovesAndTheNewPrimaryAcceptsWrites() throws Exception {
    TestApi api = new TestApi(port);
    assertThat(sql("10.231.0.11", "select pg_is_in_recovery()")).isEqualTo("f");
    assertThat(sql("10.231.0.12", "select pg_is_in_recovery()")).isEqualTo("t");
    // already in the wanted state: the driver looks first and changes nothing
    assertThat(pg("promote", "primary", "/var/tmp/drover-lab-pg/app1").stdout()).contains("already a primary: nothing to do");
    assertThat(pg("rebuild", "standby", "/var/tmp/drover-lab-pg/app2").stdout())
        .contains("already a standby streaming from 10.231.0.11: nothing to do");
    assertThatThrownBy(() -> pg("fence", "primary", "/var/tmp/drover-lab-pg/app1", "/usr/lib/postgresql/15/nobin"))
        .isInstanceOfSatisfying(StepFailure.class, f -> {
          assertThat(f.reason()).isEqualTo(FailureReason.PERMISSION_DENIED);
          assertThat(f.getMessage()).contains("may not run '/usr/lib/postgresql/15/nobin/pg_ctl' as postgres");
        });
    assertThat(sql("10.231.0.11", "select pg_is_in_recovery()")).isEqualTo("f");

    JsonNode migrate = api.awaitEnd(api.request("ledger", "migrate"));
    assertThat(migrate.path("outcome").asText()).as(api.log(migrate.path("runId").asText())).isEqualTo("SUCCEEDED");
    assertThat(sql("10.231.0.12", "insert into ledger (entry) values ('written at nyc') returning entry"))
        .isEqualTo("written at nyc");
    assertThat(sql("10.231.0.11", "select pg_is_in_recovery()")).isEqualTo("t");
    awaitRow("10.231.0.11", "written at nyc");

    JsonNode failback = api.awaitEnd(api.request("ledger", "failback"));
    assertThat(failback.path("outcome").asText()).as(api.log(failback.path("runId").asText())).isEqualTo("SUCCEEDED");
    assertThat(sql("10.231.0.11", "insert into ledger (entry) values ('back at ldn') returning entry"))
        .isEqualTo("back at ldn");
    assertThat(sql("10.231.0.12", "select pg_is_in_recovery()")).isEqualTo("t");
    awaitRow("10.231.0.12", "back at ldn");

    lab("cut", "app1");
    try {
      JsonNode takeover = approvedTakeover(api, "ledger");
      assertThat(takeover.path("outcome").asText()).as(api.log(takeover.path("runId").asText()))
          .isEqualTo("SUCCEEDED_WITH_WARNINGS");
      assertThat(steps(takeover)).containsExactly("Task_StopDatabaseDbLdnFenceOnPrimary:FAILED:CONNECTION_TIMEOUT",
          "Task_PromoteDatabaseDbNycOnStandby:SUCCEEDED:-");
      assertThat(sql("10.231.0.12", "insert into ledger (entry) values ('taken over at nyc') returning entry"))
          .isEqualTo("taken over at nyc");
      assertThat(sql("10.231.0.12", "select count(*) from ledger where entry in ('written at nyc', 'back at ldn')"))
          .isEqualTo("2");
    } finally {
      lab("restore", "app1");
    }
  }

  private StepResult pg(String action, String role, String datadir) throws StepFailure {
    return pg(action, role, datadir, "/usr/lib/postgresql/15/bin");
  }

  private StepResult pg(String action, String role, String datadir, String pgbin) throws StepFailure {
    // not a run: the test's own check, with a short certificate of its own (as a preflight gets)
    String checkId = "lab-check-" + java.util.UUID.randomUUID();
    hosts.beginCheck(checkId, "ledger", "lab-test");
    try {
      return storage.execute(new StepRequest(checkId, "ledger", "Task_Check", new HashMap<>(Map.of("driver",
          "postgresql", "action", action, "host", role, "datadir", datadir, "pgbin", pgbin)), Map.of()), (h, c) -> { });
    } finally {
      connections.closeRun(checkId);
      hosts.endCheck(checkId);
    }
  }

  private static String sql(String address, String query) throws Exception {
    return command("psql", "-q", "-h", address, "-U", "postgres", "-d", "postgres", "-Atc", query);
  }

  private static void awaitRow(String address, String entry) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!sql(address, "select count(*) from ledger where entry = '" + entry + "'").equals("1")) {
      assertThat(System.nanoTime()).as("row '%s' replicated to %s", entry, address).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static List<String> steps(JsonNode run) {
    List<String> steps = new ArrayList<>();
    run.path("steps").forEach(s -> steps.add(s.path("stepId").asText() + ":" + s.path("status").asText() + ":"
        + s.path("reason").asText("-")));
    return steps;
  }

  private static String dig() throws Exception {
    return command("dig", "+short", "@10.231.0.14", "payments.lab.example", "CNAME");
  }

  private static String symrdfState() throws IOException {
    return Files.readString(Path.of("/home/dl-gk/.symrdf/payments_dg")).strip();
  }

  private static void lab(String verb, String host) throws Exception {
    command("ops/lab/lab.sh", verb, host);
  }

  private static String command(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes()).strip();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  /** What the payments application answers on a host, or null when nothing listens. */
  private static String answer(String address) throws InterruptedException {
    try {
      return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(HttpRequest.newBuilder(
          URI.create("http://" + address + ":8080/")).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return null;
    }
  }
}
