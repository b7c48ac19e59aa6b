package io.drover.operation;

import static io.drover.support.TestApi.assertRefused;
import static io.drover.support.TestWorld.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestApprovals;
import io.drover.support.TestWorld;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Four-eyes approval on the engine: a run that needs approval waits on a Tasklist task before its
 * first step; only another person with the approver role in the service's group can approve it;
 * rejection, no decision in time and cancelling the approval abort the run and leave the service
 * where it was. Tokens and the REST refusals behind Keycloak are in {@code ApiSecurityTest}.
 */
@DroverIntegrationTest
class ApprovalEndToEndTest {

  @LocalServerPort
  int port;

  @Autowired
  TaskService tasks;

  @Autowired
  RuntimeService runtime;

  @Autowired
  IdentityService identity;

  @Autowired
  JdbcTemplate jdbc;

  TestApi api;
  TestApprovals approvals;
  Path primary;
  Path standby;

  @BeforeEach
  void setUp() {
    api = new TestApi(port);
    approvals = new TestApprovals(tasks, identity);
    primary = TestWorld.demo().hosts().get(0).home();
    standby = TestWorld.demo().hosts().get(1).home();
  }

  @Test
  void onlyAnotherApproverOfTheServiceCanApproveAndThenTheProcedureRuns() throws Exception {
    String runId = api.request("apr-ok", "migrate");
    Task task = approvals.awaitTask(runId);
    java.io.ByteArrayOutputStream waitingStatus = new java.io.ByteArrayOutputStream();
    new io.drover.client.RunFollower(api.client(), new java.io.PrintStream(waitingStatus, true,
        java.nio.charset.StandardCharsets.UTF_8), Duration.ZERO).summary(runId);
    assertThat(waitingStatus.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("status: AWAITING_APPROVAL (not ended)");
    assertThat(task.getName()).isEqualTo("Approve migrate of apr-ok");
    assertThat(tasks.getIdentityLinksForTask(task.getId())).anySatisfy(l -> assertThat(l.getGroupId()).isEqualTo("service-apr-ok"));
    assertThat(tasks.getVariable(task.getId(), "plannedSteps")).isEqualTo("1. Run step one\n2. Run step two");
    JsonNode waiting = api.run(runId);
    assertThat(waiting.path("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(waiting.path("steps")).isEmpty();
    assertThat(trace(primary, "apr-ok")).isEmpty();
    assertThat(api.service("apr-ok").path("runId").asText()).isEqualTo(runId);
    assertRefused(() -> api.request("apr-ok", "migrate"), 409, "is held by run " + runId);
    String requester = waiting.path("requestedBy").asText();

    assertThatThrownBy(() -> approvals.decide(task, requester, List.of("dr-approver", "service-apr-ok"), "approve", "mine"))
        .hasMessageContaining("DROVER-APPROVAL-001 " + requester + " requested this run and cannot approve it");
    assertThatThrownBy(() -> approvals.decide(task, "victor", List.of("dr-viewer", "service-apr-ok"), "approve", "looks fine"))
        .hasMessageContaining("victor does not have role dr-approver");
    assertThatThrownBy(() -> approvals.decide(task, "bob", List.of("dr-approver", "service-payments"), "approve", "looks fine"))
        .hasMessageContaining("bob is not in group service-apr-ok");
    assertThatThrownBy(() -> approvals.decide(task, "olivia", List.of("dr-approver", "service-apr-ok"), "approve", " "))
        .hasMessageContaining("needs a reason");
    // Camunda's REST API without a signed-in person: refused with 403, the task stays open
    assertRefused(() -> api.client().post("/engine-rest/task/" + task.getId() + "/complete",
        Map.of("variables", Map.of("approvalDecision", Map.of("value", "approve"),
            "approvalReason", Map.of("value", "anonymous says yes")))), 403, "needs a signed-in approver");
    assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isEqualTo(1);
    assertThat(trace(primary, "apr-ok")).isEmpty();

    approvals.decide(task, "olivia", List.of("dr-approver", "service-apr-ok"), "approve", "change CHG-1234 approved");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.path("approvedBy").asText()).isEqualTo("olivia");
    assertThat(run.path("approvedAt").asText()).isNotBlank();
    assertThat(trace(primary, "apr-ok")).containsExactly("1");
    assertThat(trace(standby, "apr-ok")).containsExactly("2");
    assertThat(api.service("apr-ok").path("activeSite").asText()).isEqualTo("standby");
    assertThat(jdbc.queryForObject("select actor from drover_event where run_id=? and kind='APPROVED'", String.class,
        runId)).isEqualTo("olivia");
    assertThat(jdbc.queryForObject("select count(*) from drover_audit where run_id=? and kind='REFUSED'",
        Integer.class, runId)).isEqualTo(4);
    assertThat(api.log(runId)).contains("AWAITING_APPROVAL").contains("APPROVED").contains("change CHG-1234 approved");
    assertThat(api.log(runId).split("APPROVED", -1)).as("the approval is logged once").hasSize(2);
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    new io.drover.client.RunFollower(api.client(), new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8),
        Duration.ZERO).summary(runId);
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("migrate of apr-ok, requested by "
        + requester).contains("approved by olivia at ").contains("outcome: SUCCEEDED");
  }

  @Test
  void rejectionAbortsTheRunAndNothingRuns() throws Exception {
    String runId = api.request("apr-reject", "migrate");
    approvals.decide(approvals.awaitTask(runId), "olivia", List.of("dr-approver", "service-apr-reject"), "reject",
        "not during month-end close");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("ABORTED");
    assertThat(run.path("steps")).isEmpty();
    assertThat(trace(primary, "apr-reject")).isEmpty();
    JsonNode service = api.service("apr-reject");
    assertThat(service.path("status").asText()).isEqualTo("READY");
    assertThat(service.path("activeSite").asText()).isEqualTo("primary");
    assertThat(service.path("runId").isNull()).isTrue();
    assertThat(jdbc.queryForObject("select detail from drover_event where run_id=? and kind='RUN_ABORTED'",
        String.class, runId)).contains("rejected by olivia: not during month-end close");
    assertThat(api.log(runId)).contains("REJECTED").contains("outcome=ABORTED");
  }

  @Test
  void noDecisionInTimeAbortsTheRun() throws Exception {
    String runId = api.request("apr-timeout", "migrate");
    approvals.awaitTask(runId);
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("ABORTED");
    assertThat(trace(primary, "apr-timeout")).isEmpty();
    assertThat(api.service("apr-timeout").path("status").asText()).isEqualTo("READY");
    assertThat(api.log(runId)).contains("no approval within PT2S");
    assertThat(jdbc.queryForObject("select actor from drover_audit where run_id=? and kind='RUN_ENDED'",
        String.class, runId)).isEqualTo("drover");
  }

  @Test
  void cancellingTheApprovalAbortsTheRunAndJournalsWho() throws Exception {
    String runId = api.request("apr-cancel", "migrate");
    approvals.awaitTask(runId);
    String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(runId).singleResult().getId();
    identity.setAuthenticatedUserId("carol");
    try {
      runtime.deleteProcessInstance(instance, "wrong service", true);
    } finally {
      identity.clearAuthentication();
    }
    assertThat(api.run(runId).path("outcome").asText()).isEqualTo("ABORTED");
    assertThat(api.service("apr-cancel").path("status").asText()).isEqualTo("READY");
    assertThat(jdbc.queryForObject("select actor from drover_event where run_id=? and kind='RUN_ABORTED'",
        String.class, runId)).isEqualTo("carol");
  }

}
