package io.drover.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;

/** A person at Tasklist, on the engine: waits for a run's approval task and decides it as someone. */
public final class TestApprovals {

  private final TaskService tasks;
  private final IdentityService identity;

  public TestApprovals(TaskService tasks, IdentityService identity) {
    this.tasks = tasks;
    this.identity = identity;
  }

  /** The run's one open task, once it exists. */
  public Task awaitTask(String runId) {
    await().atMost(Duration.ofSeconds(30))
        .until(() -> tasks.createTaskQuery().processInstanceBusinessKey(runId).count() == 1);
    return tasks.createTaskQuery().processInstanceBusinessKey(runId).singleResult();
  }

  /** Completes the approval task as this user with these groups (roles count as groups). */
  public void decide(Task task, String user, List<String> groups, String decision, String reason) {
    identity.setAuthentication(user, groups);
    try {
      tasks.complete(task.getId(), Map.of("approvalDecision", decision, "approvalReason", reason));
    } finally {
      identity.clearAuthentication();
    }
  }

  /** Waits for the run's approval task and approves it as this user. */
  public void approve(String runId, String user, List<String> groups, String reason) {
    decide(awaitTask(runId), user, groups, "approve", reason);
  }
}
