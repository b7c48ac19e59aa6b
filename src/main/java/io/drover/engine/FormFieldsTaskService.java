package io.drover.engine;

import java.util.Map;
import org.camunda.bpm.engine.impl.TaskServiceImpl;
import org.camunda.bpm.engine.variable.VariableMap;

/** Camunda's task service, completing a task only with its form's fields ({@link FormFieldsCheck}). */
class FormFieldsTaskService extends TaskServiceImpl {

  @Override
  public void complete(String taskId, Map<String, Object> variables) {
    FormFieldsCheck.check(commandExecutor, taskId, variables);
    super.complete(taskId, variables);
  }

  @Override
  public VariableMap completeWithVariablesInReturn(String taskId, Map<String, Object> variables,
      boolean deserializeValues) {
    FormFieldsCheck.check(commandExecutor, taskId, variables);
    return super.completeWithVariablesInReturn(taskId, variables, deserializeValues);
  }
}
