package io.drover.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestCli;
import io.drover.support.TestWorld;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.pvm.process.ProcessDefinitionImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Rules Drover enforces on every procedure and run, whatever the model says; and the CLI. */
@DroverIntegrationTest
class ProcedureRulesTest {

  @LocalServerPort
  int port;

  @Autowired
  RepositoryService repository;

  @Autowired
  JdbcTemplate jdbc;

  @Test
  void everyServiceTaskIsAsyncBeforeEvenWhenTheModelSaysNot() {
    String id = repository.createProcessDefinitionQuery().processDefinitionKey("pol-sync-migrate").latestVersion()
        .singleResult().getId();
    ProcessDefinitionImpl definition = (ProcessDefinitionImpl) repository.getProcessDefinition(id);
    assertThat(definition.findActivity("Task_StepOne").isAsyncBefore()).isTrue();
  }

  @Test
  void secretsReachTheCommandButNeverTheJournal() throws Exception {
    TestApi api = new TestApi(port);
    JsonNode run = api.awaitEnd(api.request("pol-secret", "migrate"));
    JsonNode step = run.path("steps").get(0);
    assertThat(step.path("exitCode").asInt()).isEqualTo(7);
    assertThat(step.path("command").asText()).contains("********").doesNotContain(TestWorld.SECRET_VALUE);
    assertThat(step.path("stdoutTail").asText()).isEqualTo("token=********\n");
    assertThat(step.path("stderrTail").asText()).isEqualTo("token=********\n");
    assertThat(run.toString()).doesNotContain(TestWorld.SECRET_VALUE);
    assertThat(api.log(run.path("runId").asText())).doesNotContain(TestWorld.SECRET_VALUE);
    Integer leaks = jdbc.queryForObject("select count(*) from drover_step_attempt where command like ? or stdout_tail like ?"
        + " or stderr_tail like ? or message like ?", Integer.class, "%" + TestWorld.SECRET_VALUE + "%",
        "%" + TestWorld.SECRET_VALUE + "%", "%" + TestWorld.SECRET_VALUE + "%", "%" + TestWorld.SECRET_VALUE + "%");
    assertThat(leaks).isZero();
    Integer variableLeaks = jdbc.queryForObject("select count(*) from act_hi_varinst where text_ like ?", Integer.class,
        "%" + TestWorld.SECRET_VALUE + "%");
    assertThat(variableLeaks).isZero();
  }

  @Test
  void cliRunWaitPrintsEveryStepMarksWarningsAndExitsByOutcome() {
    String url = "http://127.0.0.1:" + port;
    TestCli.Result run = cli("run", "--url", url, "cli-warn", "migrate", "--wait", "--reason", "quarterly DR test");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("Task_StepOne").contains("status=STARTED").contains("host=pa")
        .contains("!! ").contains("policy=WARN").contains("Task_StepTwo").contains("duration=")
        .contains("outcome: SUCCEEDED_WITH_WARNINGS")
        // the follower names steps by their names, not their ids
        .containsPattern("\\n   \\S+Z Run step one +host=pa attempt=1 status=STARTED");
    String runId = run.out().replaceAll("(?s).*run ([0-9a-f-]{36}) admitted.*", "$1");
    TestCli.Result status = cli("status", "--url", url, runId);
    assertThat(run.out()).contains("RUN_ADMITTED").contains("reason=\"quarterly DR test\"");
    assertThat(status.out()).contains("reason: quarterly DR test")
        .containsPattern("\\n  WARNED +\\S.* +attempt 1 +on pa +[0-9.]+s +exit 2 NON_ZERO_EXIT\\n      why: .*\\n      stderr: failing\\n");
    TestCli.Result services = cli("services", "--url", url);
    assertThat(services.status()).isZero();
    assertThat(services.out()).containsPattern("cli-warn\\s+standby\\s+nyc\\s+READY");
    TestCli.Result refused = cli("run", "--url", url, "cli-warn", "migrate");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).startsWith("drover: HTTP 409: migrate needs service cli-warn active on its primary site");
    TestCli.Result unknown = cli("status", "--url", url, "no-such-run");
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.err().strip()).isEqualTo("drover: HTTP 404: no run no-such-run");
  }

  @Test
  void cliRunWaitExitsOneOnFailureAndAckClearsInDoubt() {
    String url = "http://127.0.0.1:" + port;
    TestCli.Result failed = cli("run", "--url", url, "cli-die", "migrate", "--wait");
    assertThat(failed.status()).isEqualTo(1);
    assertThat(failed.out()).contains("policy=DIE").contains("stderr=\"broken\"").contains("outcome: FAILED");
    assertThat(cli("services", "--url", url).out()).containsPattern("cli-die\\s+primary\\s+ldn\\s+IN_DOUBT");
    TestCli.Result noReason = cli("ack", "--url", url, "cli-die", "--site", "primary");
    assertThat(noReason.status()).isEqualTo(2);
    assertThat(noReason.err()).contains("Missing required option: '--reason=<reason>'");
    TestCli.Result ack = cli("ack", "--url", url, "cli-die", "--site", "primary", "--reason", "nothing was changed on pa");
    assertThat(ack.status()).isZero();
    assertThat(cli("services", "--url", url).out()).containsPattern("cli-die\\s+primary\\s+ldn\\s+READY");
    assertThat(jdbc.queryForObject("select actor from drover_event where service='cli-die' and kind='ACKNOWLEDGED'",
        String.class)).startsWith("unauthenticated:");
  }

  private static TestCli.Result cli(String... args) {
    return TestCli.run(args);
  }
}
