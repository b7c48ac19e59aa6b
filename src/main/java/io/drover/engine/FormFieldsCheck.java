package io.drover.engine;

import io.drover.security.engine.TaskFormFields;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Inside the engine, before a task is completed or its form submitted: the variables sent are only
 * its form's fields ({@link TaskFormFields}), whatever the path the completion took (REST API, web
 * apps, Java API). Refused with an {@link AuthorizationException} (403 through Camunda's REST API).
 */
final class FormFieldsCheck {

  private FormFieldsCheck() {
  }

  static void check(CommandExecutor executor, String taskId, Map<String, ?> variables) {
    if (taskId == null || variables == null || variables.isEmpty()) {
      return;
    }
    Optional<String> wrong = executor.execute(context -> context.runWithoutAuthorization(() -> {
      TaskEntity task = context.getTaskManager().findTaskById(taskId);
      if (task == null) {
        return Optional.<String>empty(); // the engine reports the missing task itself
      }
      task.initializeFormKey();
      String form = task.getCamundaFormRef() == null ? null : task.getCamundaFormRef().getKey();
      return TaskFormFields.wrongField(taskId, form, text(variables), () -> new HashMap<>(task.getVariables()));
    }));
    if (wrong.isPresent()) {
      throw new AuthorizationException(EngineLogger.LOG.formFieldRefused(wrong.get()));
    }
  }

  private static Map<String, String> text(Map<String, ?> variables) {
    Map<String, String> text = new HashMap<>();
    variables.forEach((name, value) -> {
      Object plain = value instanceof TypedValue typed ? typed.getValue() : value;
      text.put(name, plain == null ? null : plain.toString());
    });
    return text;
  }
}
