package io.drover.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestApprovals;
import io.drover.support.TestWorld;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retention: ended runs older than the cut-off go with their attempts, log lines and log files, the
 * audit trail keeps verifying after its old entries went, a run not ended stays; Camunda's history
 * clean-up has a window.
 */
@DroverIntegrationTest
class JournalRetentionTest {

  @LocalServerPort
  int port;

  @Autowired
  JournalRetention retention;

  @Autowired
  AuditTrail audit;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  TaskService tasks;

  @Autowired
  IdentityService identity;

  @Autowired
  ProcessEngine engine;

  @Test
  void endedRunsOlderThanTheCutOffGoAndTheAuditTrailStillVerifies() throws Exception {
    TestApi api = new TestApi(port);
    TestApprovals approvals = new TestApprovals(tasks, identity);
    String ended = api.awaitEnd(api.request("ret-svc", "migrate")).path("runId").asText();
    String waiting = api.request("ret-wait", "migrate");
    approvals.awaitTask(waiting);
    Path logFile = TestWorld.root().resolve("runs").resolve(ended + ".log");
    assertThat(logFile).exists();

    assertThat(retention.prune(Instant.now().plusSeconds(1))).isGreaterThanOrEqualTo(1);

    assertThat(count("select count(*) from drover_run where id=?", ended)).isZero();
    assertThat(count("select count(*) from drover_step_attempt where run_id=?", ended)).isZero();
    assertThat(count("select count(*) from drover_run_log where run_id=?", ended)).isZero();
    assertThat(logFile).doesNotExist();
    assertThat(count("select count(*) from drover_run where id=?", waiting)).as("a run not ended stays").isOne();
    AuditTrail.Verification verification = audit.verify();
    assertThat(verification.valid()).as(verification.reason()).isTrue();
    assertThat(jdbc.queryForObject("select detail from drover_audit where kind='PRUNED' order by id desc limit 1",
        String.class)).contains("retention").contains("the chain resumes after hash");

    // the trail goes on after pruning, and still verifies
    approvals.decide(approvals.awaitTask(waiting), "olivia", List.of("dr-approver", "service-ret-wait"), "reject",
        "retention test");
    JsonNode run = api.awaitEnd(waiting);
    assertThat(run.path("outcome").asText()).isEqualTo("ABORTED");
    assertThat(audit.verify().valid()).isTrue();
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    assertThat(configuration.getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00");
    assertThat(configuration.getHistoryCleanupBatchWindowEndTime()).isEqualTo("05:00");
  }

  private int count(String sql, String id) {
    Integer n = jdbc.queryForObject(sql, Integer.class, id);
    return n == null ? 0 : n;
  }
}
