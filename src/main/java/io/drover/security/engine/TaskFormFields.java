package io.drover.security.engine;

import io.drover.engine.step.StepVariables;
import io.drover.approval.ApprovalVariables;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The fields a person fills in on each of Drover's task forms; every other variable is the run's own.
 * A completion may carry only those, and a field the form merely shows may come back unchanged
 * (Tasklist sends every field). Checked by the REST gate (a 403 with the reason) and again inside the
 * engine ({@link FormFieldsTaskService}), whatever the path a completion took.
 */
public final class TaskFormFields {

  static final Map<String, Set<String>> BY_FORM = Map.of(
      ApprovalVariables.APPROVAL_PROCESS, Set.of(ApprovalVariables.APPROVAL_DECISION, ApprovalVariables.APPROVAL_REASON),
      ApprovalVariables.PLAN_APPROVAL_FORM, Set.of(ApprovalVariables.APPROVAL_DECISION, ApprovalVariables.APPROVAL_REASON),
      "drover-step-decision", Set.of(StepVariables.DECISION, StepVariables.DECISION_REASON));

  private TaskFormFields() {
  }

  /**
   * Why a completion of a task with the given form is not its form's, or empty.
   *
   * @param sent the completion's variables, each as text (null for a null value)
   * @param current the task's variables now (read only when a field is not the form's own)
   */
  public static Optional<String> wrongField(String taskId, String formKey, Map<String, String> sent,
      java.util.function.Supplier<Map<String, Object>> current) {
    Set<String> editable = BY_FORM.getOrDefault(formKey, Set.of());
    Map<String, Object> now = null;
    for (Map.Entry<String, String> field : sent.entrySet()) {
      if (editable.contains(field.getKey())) {
        continue;
      }
      if (now == null) {
        now = current.get();
      }
      Object value = now.get(field.getKey());
      if (!now.containsKey(field.getKey()) || !Objects.equals(field.getValue(), value == null ? null : value.toString())) {
        return Optional.of("task " + taskId + " may be completed only with " + String.join(" and ",
            editable.stream().sorted().toList()) + "; '" + field.getKey() + "' is not a field to fill in on its form");
      }
    }
    return Optional.empty();
  }
}
