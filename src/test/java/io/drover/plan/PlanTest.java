package io.drover.plan;

import static io.drover.support.TestApi.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestApprovals;
import io.drover.support.TestCli;
import io.drover.support.TestWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Recovery plans on the real SSH hosts and PostgreSQL: ten services with dependencies, a resource
 * of capacity 2, a failing non-critical and a failing critical service, followed by the CLI in a
 * pipe; one approval for a whole plan; a plan run cancelled while it awaits approval.
 */
@DroverIntegrationTest
class PlanTest {

  @LocalServerPort
  int port;

  @Autowired
  TaskService tasks;

  @Autowired
  IdentityService identity;

  @Autowired
  HistoryService history;

  @Autowired
  org.springframework.jdbc.core.JdbcTemplate jdbc;

  TestApi api;

  @BeforeEach
  void setUp() {
    api = new TestApi(port);
  }

  @Test
  void aPlanRunsInDependencyOrderWithinItsCapacityAndStopsOnlyWhatDependsOnACriticalFailure() throws Exception {
    JsonNode shown = api.client().get("/api/plans/pl-site?action=migrate");
    assertThat(shown.path("order").get(0).path("service").asText()).isEqualTo("pl-db");
    assertThat(shown.path("file").asText()).as("the file's name, not the server's path to it").endsWith(".yaml")
        .doesNotContain("/").doesNotContain("\\");
    TestCli.Result show = TestCli.run("plan", "show", "--url", url(), "pl-site");
    assertThat(show.out()).contains("resources: gk=2").containsPattern("2\\s+pl-web\\s+pl-app1,pl-app2\\s+yes\\s+gk")
        .doesNotContain("pl-web  pl-app1,pl-app2  yes");

    TestCli.Result cli = TestCli.run("plan", "run", "--url", url(), "pl-site", "migrate", "--wait", "--reason",
        "plan test");
    assertThat(cli.status()).as(cli.out() + cli.err()).isEqualTo(1);
    String out = cli.out();
    // piped, the live view prints a line per change, then the table and the outcome
    assertThat(out).contains("outcome: PARTIAL").doesNotContain("\033[")
        .containsPattern("pl-app1\\s+PENDING\\s+waiting on pl-db, pl-mq")
        .containsPattern("\\s+WAITING\\s+waiting on gk \\(2 of 2 in use\\)")
        .containsPattern("pl-core-ui\\s+SKIPPED\\s+not started: pl-core-app, which it depends on, was skipped")
        .containsPattern("pl-web\\s+RUNNING\\s+step \\d of 2: Run step")
        .containsPattern("pl-db\\s+SUCCEEDED\\s+\\d+\\.\\d s\\s+5m met")
        .containsPattern("pl-mq\\s+SUCCEEDED\\s+\\d+\\.\\d s\\s+-");
    String id = out.lines().filter(l -> l.startsWith("plan run ")).findFirst().orElseThrow().split(" ")[2];

    JsonNode run = api.client().get("/api/plan-runs/" + id);
    assertThat(run.path("outcome").asText()).isEqualTo("PARTIAL");
    // for scripts: the same as JSON; a wrong --output is refused
    String json = TestCli.run("plan", "status", "--url", url(), id, "--output", "json").out();
    JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.substring(json.indexOf("{\n"),
        json.lastIndexOf("\n}") + 2));
    assertThat(parsed.path("outcome").asText()).isEqualTo("PARTIAL");
    assertThat(parsed.path("services")).hasSize(10);
    TestCli.Result wrong = TestCli.run("services", "--url", url(), "--output", "xml");
    assertThat(wrong.status()).isNotZero();
    assertThat(wrong.err()).contains("--output must be text or json, not 'xml'");
    Map<String, JsonNode> services = new HashMap<>();
    run.path("services").forEach(s -> services.put(s.path("service").asText(), s));
    for (String ok : List.of("pl-db", "pl-mq", "pl-app1", "pl-app2", "pl-web", "pl-report")) {
      assertThat(services.get(ok).path("state").asText()).as(ok).isEqualTo("SUCCEEDED");
      JsonNode single = api.run(services.get(ok).path("runId").asText());
      assertThat(single.path("outcome").asText()).isEqualTo("SUCCEEDED");
      assertThat(single.path("reason").asText()).isEqualTo("plan pl-site run " + id + ": plan test");
      assertThat(api.service(ok).path("activeSite").asText()).isEqualTo("standby");
    }
    assertThat(services.get("pl-cache").path("state").asText()).isEqualTo("FAILED");
    assertThat(services.get("pl-core").path("state").asText()).isEqualTo("FAILED");
    assertThat(services.get("pl-core-app").path("state").asText()).isEqualTo("SKIPPED");
    assertThat(services.get("pl-core-app").path("detail").asText())
        .isEqualTo("not started: pl-core, which it depends on and is critical, ended FAILED");
    assertThat(services.get("pl-core-ui").path("runId").isNull()).isTrue();
    assertThat(api.service("pl-core").path("status").asText()).isEqualTo("IN_DOUBT");
    assertThat(api.service("pl-core-app").path("status").asText()).isEqualTo("READY");

    // on the host: the order held, never more than the resource's capacity at once, skipped ones never ran
    Map<String, long[]> ran = intervals(TestWorld.demo().hosts().get(0).home().resolve("pol/plan/trace"));
    ran.keySet().removeIf(service -> !services.containsKey(service));
    assertThat(ran).containsOnlyKeys("pl-db", "pl-mq", "pl-app1", "pl-app2", "pl-web", "pl-cache", "pl-report",
        "pl-core");
    for (String[] edge : new String[][] {{"pl-db", "pl-app1"}, {"pl-mq", "pl-app1"}, {"pl-db", "pl-app2"},
        {"pl-app1", "pl-web"}, {"pl-app2", "pl-web"}, {"pl-cache", "pl-report"}}) {
      assertThat(ran.get(edge[0])[1]).as(edge[0] + " ends before " + edge[1] + " starts").isLessThan(ran.get(edge[1])[0]);
    }
    assertThat(mostAtOnce(ran)).isEqualTo(2);
    // Cockpit: the plan's instance called one procedure instance per started service
    String instance = history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(id).singleResult().getId();
    assertThat(history.createHistoricProcessInstanceQuery().superProcessInstanceId(instance).count()).isEqualTo(8);
    assertThat(api.client().getText("/api/plan-runs/" + id + "/log").body()).contains("PLAN_ADMITTED")
        .contains("SERVICE_SKIPPED        pl-core-app").contains("PLAN_ENDED             outcome=PARTIAL");
  }

  @Test
  void onePlanApprovalBySomeoneElseCoversEveryServiceAndACancelledPlanRunStartsNothing() throws Exception {
    String requester = "unauthenticated:" + System.getProperty("user.name");
    JsonNode first = api.client().post("/api/plans/pl-approve/runs", Map.of("action", "migrate", "reason", "first"));
    String firstId = first.path("planRunId").asText();
    assertThat(first.path("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertRefused(() -> api.client().post("/api/plans/pl-approve/runs", Map.of("action", "migrate")), 409,
        "pl-ap1: it is in plan pl-approve run " + firstId + ", still going");
    TestCli.Result cancelled = TestCli.run("plan", "cancel", "--url", url(), firstId);
    assertThat(cancelled.status()).as(cancelled.err()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> "ENDED".equals(api.client().get("/api/plan-runs/" + firstId)
        .path("status").asText()));
    JsonNode aborted = api.client().get("/api/plan-runs/" + firstId);
    assertThat(aborted.path("outcome").asText()).isEqualTo("ABORTED");
    aborted.path("services").forEach(s -> assertThat(s.path("state").asText()).isEqualTo("SKIPPED"));

    String id = api.client().post("/api/plans/pl-approve/runs", Map.of("action", "migrate", "reason", "second"))
        .path("planRunId").asText();
    TestApprovals approvals = new TestApprovals(tasks, identity);
    Task task = approvals.awaitTask(id);
    assertThat(task.getName()).isEqualTo("Approve migrate of plan pl-approve");
    assertThat(tasks.getIdentityLinksForTask(task.getId()))
        .anySatisfy(l -> assertThat(l.getGroupId()).isEqualTo("dr-planners"));
    assertThat((String) tasks.getVariable(task.getId(), "plannedSteps"))
        .isEqualTo("1. pl-ap1 (critical)\n     1. Run step one\n     2. Run step two\n2. pl-ap2 (critical), after pl-ap1\n"
            + "     1. Run step one\n     2. Run step two");
    assertThat(Assertions.refusal(() -> approvals.decide(task, requester, List.of("dr-approver", "dr-planners"),
        "approve", "mine"))).contains("requested this plan run and cannot approve it");
    assertThat(Assertions.refusal(() -> approvals.decide(task, "carol", List.of("dr-approver", "service-pl-ap1"),
        "approve", "not my plan"))).contains("carol is not in group dr-planners");
    // the one approval stands for each service's: the approver must be one of each service's approvers too
    assertThat(Assertions.refusal(() -> approvals.decide(task, "bob", List.of("dr-approver", "dr-planners",
        "service-pl-ap2"), "approve", "plan group only"))).contains("bob may not approve every service of plan"
        + " pl-approve (1 refuse): pl-ap1: bob is not in group service-pl-ap1");
    approvals.decide(task, "bob", List.of("dr-approver", "dr-planners", "service-pl-ap1", "service-pl-ap2"), "approve",
        "checked with the bridge");
    await().atMost(Duration.ofSeconds(60)).until(() -> "ENDED".equals(api.client().get("/api/plan-runs/" + id)
        .path("status").asText()));
    JsonNode run = api.client().get("/api/plan-runs/" + id);
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.path("approvedBy").asText()).isEqualTo("bob");
    for (JsonNode s : run.path("services")) {
      String runId = s.path("runId").asText();
      // the services' own runs needed no approval of their own: no task was ever created for them
      assertThat(history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(runId).count()).isZero();
      assertThat(api.log(runId)).contains("planRun=" + id).contains("approvedBy=bob");
    }
  }

  @Test
  void unknownPlansActionsAndReadsAreRefusedWithWhatToFix() {
    assertRefused(() -> api.client().get("/api/plans/no-such-plan"), 404, "plan 'no-such-plan' is not defined");
    assertRefused(() -> api.client().post("/api/plans/pl-site/runs", Map.of("action", "teleport")), 400,
        "action 'teleport' is not valid");
    assertRefused(() -> api.client().post("/api/plans/pl-approve/runs", Map.of("action", "failback")), 409,
        "pl-ap1: no procedure pl-ap1-failback is deployed");
    assertRefused(() -> api.client().get("/api/plan-runs/00000000-0000-0000-0000-000000000000"), 404, "does not exist");
    long audit = jdbc.queryForObject("select count(*) from drover_audit", Long.class);
    long planRuns = jdbc.queryForObject("select count(*) from drover_plan_run", Long.class);
    assertRefused(() -> api.client().post("/api/plans/pl-site/runs", Map.of("action", "migrate", "skipPreflight", true,
        "reason", "x".repeat(1001))), 400, "the reason has 1001 characters; at most 1000 are kept");
    assertThat(jdbc.queryForObject("select count(*) from drover_audit", Long.class)).as("nothing audited").isEqualTo(audit);
    assertThat(jdbc.queryForObject("select count(*) from drover_plan_run", Long.class)).isEqualTo(planRuns);
  }

  @Test
  void aPlanIsRefusedWhileOneOfItsServicesHasAPrimaryNobodyFencedAndAcceptedOnceSomeoneDid() throws Exception {
    api.service("pl-fence");
    String takeover = "11111111-2222-3333-4444-555555555555";
    jdbc.update("update drover_service_state set unfenced_run_id=? where service='pl-fence'", takeover);
    long planRuns = jdbc.queryForObject("select count(*) from drover_plan_run", Long.class);
    assertRefused(() -> api.client().post("/api/plans/pl-fence/runs", Map.of("action", "migrate", "skipPreflight", true,
        "reason", "plan test")), 409, "pl-fence: PRIMARY_NOT_FENCED after takeover " + takeover + "; fence the primary,"
        + " then run drover fenced pl-fence --reason ...");
    TestCli.Result cli = TestCli.run("plan", "run", "--url", url(), "pl-fence", "migrate", "--reason", "plan test");
    assertThat(cli.status()).isNotZero();
    assertThat(cli.err()).contains("pl-fence: PRIMARY_NOT_FENCED after takeover " + takeover);
    assertThat(jdbc.queryForObject("select count(*) from drover_plan_run", Long.class)).as("no plan run").isEqualTo(planRuns);

    TestCli.Result fenced = TestCli.run("fenced", "--url", url(), "pl-fence", "--reason", "hosts powered off");
    assertThat(fenced.status()).as(fenced.err()).isZero();
    String id = api.client().post("/api/plans/pl-fence/runs", Map.of("action", "migrate", "skipPreflight", true,
        "reason", "plan test")).path("planRunId").asText();
    await().atMost(Duration.ofSeconds(60)).until(() -> api.client().get("/api/plan-runs/" + id).path("outcome")
        .isTextual());
    assertThat(api.client().get("/api/plan-runs/" + id).path("outcome").asText()).isEqualTo("SUCCEEDED");
  }

  private String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Per service, its step one's start and end (nanoseconds) as the host wrote them. */
  private static Map<String, long[]> intervals(Path trace) throws Exception {
    Map<String, long[]> ran = new HashMap<>();
    for (String line : Files.readAllLines(trace)) {
      String[] parts = line.split(" ");
      long[] span = ran.computeIfAbsent(parts[0], s -> new long[2]);
      span["start".equals(parts[1]) ? 0 : 1] = Long.parseLong(parts[2]);
    }
    return ran;
  }

  private static int mostAtOnce(Map<String, long[]> ran) {
    List<long[]> events = new ArrayList<>();
    ran.values().forEach(span -> {
      events.add(new long[] {span[0], 1});
      events.add(new long[] {span[1], -1});
    });
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int most = 0;
    for (long[] e : events) {
      now += (int) e[1];
      most = Math.max(most, now);
    }
    return most;
  }

  /** The message of what a call threw. */
  private static final class Assertions {
    static String refusal(Runnable call) {
      try {
        call.run();
      } catch (RuntimeException e) {
        return e.getMessage();
      }
      throw new AssertionError("expected a refusal");
    }
  }

  @Test
  void aPlanRehearsesEachServiceInItsOrderCleansUpAllAndProvesThem() throws Exception {
    assertThat(api.client().get("/api/plans/pl-drill").path("rehearsal").path("status").asText())
        .isEqualTo("NEVER_REHEARSED");
    TestCli.Result cli = TestCli.run("plan", "run", "--url", url(), "pl-drill", "rehearse", "--wait", "--reason",
        "yearly site drill");
    assertThat(cli.status()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("outcome: SUCCEEDED");
    String id = cli.out().lines().filter(l -> l.startsWith("plan run ")).findFirst().orElseThrow().split(" ")[2];
    JsonNode run = api.client().get("/api/plan-runs/" + id);
    assertThat(run.path("action").asText()).isEqualTo("rehearse");
    java.nio.file.Path standby = TestWorld.demo().hosts().get(1).home();
    Map<String, java.time.Instant> ended = new java.util.HashMap<>();
    Map<String, java.time.Instant> started = new java.util.HashMap<>();
    for (JsonNode s : run.path("services")) {
      JsonNode service = api.run(s.path("runId").asText());
      assertThat(service.path("action").asText()).isEqualTo("rehearse");
      assertThat(service.path("outcome").asText()).isEqualTo("SUCCEEDED");
      assertThat(service.path("steps")).extracting(step -> step.path("stepId").asText())
          .containsExactly("Task_StartRehearsal", "Task_CheckRehearsal", "Task_CleanUp");
      ended.put(s.path("service").asText(), java.time.Instant.parse(service.path("endedAt").asText()));
      started.put(s.path("service").asText(), java.time.Instant.parse(service.path("startedAt").asText()));
      String name = s.path("service").asText();
      // cleaned up on the standby, once; the service stays on its primary and is proven
      assertThat(java.nio.file.Files.readAllLines(standby.resolve("pol/" + name + "/cleanup"))).hasSize(1);
      assertThat(standby.resolve("pol/" + name + "/rehearsal")).doesNotExist();
      JsonNode state = api.service(name);
      assertThat(state.path("activeSite").asText()).isEqualTo("primary");
      assertThat(state.path("rehearsal").path("status").asText()).isEqualTo("PROVEN");
    }
    // in dependency order: pl-dr2 depends on pl-dr1
    assertThat(ended.get("pl-dr1")).isBeforeOrEqualTo(started.get("pl-dr2"));
    JsonNode rehearsal = api.client().get("/api/plans/pl-drill").path("rehearsal");
    assertThat(rehearsal.path("status").asText()).isEqualTo("PROVEN");
    assertThat(rehearsal.path("services").path("pl-dr2").asText()).isEqualTo("PROVEN");

    // one exercise report for the plan: the plan run, then each service's exercise
    String report = api.client().getText("/api/plan-runs/" + id + "/exercise").body();
    assertThat(report).contains("DR exercise report: rehearsal of plan pl-drill").contains("yearly site drill")
        .contains("Service pl-dr1").contains("Service pl-dr2").contains("Measured RTO")
        .contains("cleaned up: Clean up rehearsal on standby on pb SUCCEEDED");
    Path pdf = Files.createTempDirectory("plan-exercise").resolve("drill.pdf");
    TestCli.Result written = TestCli.run("plan", "report", "--url", url(), id, "-o", pdf.toString());
    assertThat(written.status()).as(written.err()).isZero();
    try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(Files.readAllBytes(pdf))) {
      assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", " "))
          .contains("DR exercise report: rehearsal of plan pl-drill").contains("Service pl-dr2");
    }
  }
}
