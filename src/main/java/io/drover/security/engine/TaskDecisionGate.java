package io.drover.security.engine;

import io.drover.engine.step.StepVariables;
import com.fasterxml.jackson.databind.JsonNode;
import io.drover.approval.ApprovalDeciders;
import io.drover.operation.RunStore;
import io.drover.security.AccessRules;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;

/**
 * Who may take, release and decide Drover's tasks through Camunda's REST API (Tasklist): only someone
 * who may decide the task claims it, for themselves; the assignee or a decider releases it; and a
 * completion by anyone else is refused before the engine sees it, in one sentence Tasklist shows. So
 * a requester or an operator opening an approval cannot lock its approvers out. Open mode (no
 * sign-in) has no identities to check: there a task is claimed and released, never assigned to a
 * named user.
 */
class TaskDecisionGate {

  /** The task operations this gate decides on, by the last segment of their path. */
  static final Set<String> OPERATIONS = Set.of("claim", "unclaim", "assignee", "complete", "submit-form");

  private final TaskService tasks;
  private final RuntimeService runtime;
  private final ApprovalDeciders approvals;
  private final DecisionRules decisions;
  private final RunStore runs;

  TaskDecisionGate(TaskService tasks, RuntimeService runtime, ApprovalDeciders approvals, DecisionRules decisions,
      RunStore runs) {
    this.tasks = tasks;
    this.runtime = runtime;
    this.approvals = approvals;
    this.decisions = decisions;
    this.runs = runs;
  }

  /** A refusal, with the run (or plan run) and the service it concerns, for the audit trail. */
  record Refusal(String service, String runId, String why) {
  }

  /**
   * Why {@code caller} may not do {@code operation} (one of {@link #OPERATIONS}) on the task, or empty.
   *
   * @param body the request's JSON body (null when empty); claim and assignee name the user in {@code userId}
   */
  Optional<Refusal> refusal(String operation, String taskId, JsonNode body, AccessRules.Caller caller) {
    if (caller == null) {
      boolean named = body != null && body.hasNonNull("userId");
      return "assignee".equals(operation) && named
          ? Optional.of(new Refusal(null, null, "without sign-in a task is not assigned to a named user"))
          : Optional.empty();
    }
    Task task = tasks.createTaskQuery().taskId(taskId).initializeFormKeys().singleResult();
    if (task == null) {
      return Optional.empty(); // Camunda answers 404
    }
    String form = task.getCamundaFormRef() == null ? null : task.getCamundaFormRef().getKey();
    boolean approval = ApprovalDeciders.isApproval(form);
    if (!approval && !StepVariables.DECISION_FORM.equals(form)) {
      return Optional.empty(); // a task of no Drover form has no rule here
    }
    ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
        .singleResult();
    if (instance == null) {
      return Optional.empty(); // ended meanwhile: Camunda answers 404
    }
    String runId = instance.getBusinessKey();
    String service = approval ? approvals.subject(form, runId) : runs.ofProcess(runId).service();
    return refusal(operation, task, body, caller, () -> decider(form, approval, runId, service, caller))
        .map(why -> new Refusal(service, runId, why));
  }

  private static Optional<String> refusal(String operation, Task task, JsonNode body, AccessRules.Caller caller,
      java.util.function.Supplier<Optional<String>> decider) {
    String user = body == null || body.path("userId").isNull() || body.path("userId").isMissingNode() ? null
        : body.path("userId").asText();
    boolean assignee = caller.name().equals(task.getAssignee());
    switch (operation) {
      case "claim":
        if (!caller.name().equals(user)) {
          return Optional.of(caller.name() + " may claim a task only for themselves");
        }
        return decider.get().map(why -> "claim refused: " + why);
      case "assignee":
        if (user == null) {
          return assignee ? Optional.empty() : decider.get().map(why -> "release refused: " + why);
        }
        if (!caller.name().equals(user)) {
          return Optional.of("a task is assigned only by claiming it for oneself; " + caller.name()
              + " may not assign it to " + user);
        }
        return decider.get().map(why -> "claim refused: " + why);
      case "unclaim":
        return assignee ? Optional.empty() : decider.get().map(why -> "release refused: " + why);
      default:
        return decider.get();
    }
  }

  /** Why the caller may not decide the task, or empty. */
  private Optional<String> decider(String form, boolean approval, String runId, String service,
      AccessRules.Caller caller) {
    Set<String> groups = new TreeSet<>(caller.groups());
    groups.addAll(caller.roles());
    if (approval) {
      return approvals.refusal(form, runId, caller.name(), groups, caller.origin());
    }
    return decisions.refusal(caller.name(), List.copyOf(groups), service, caller.origin());
  }
}
