package io.drover.engine;

import java.util.Map;
import org.camunda.bpm.engine.impl.FormServiceImpl;
import org.camunda.bpm.engine.variable.VariableMap;

/** Camunda's form service, submitting a task's form only with its fields ({@link FormFieldsCheck}). */
class FormFieldsFormService extends FormServiceImpl {

  @Override
  public void submitTaskFormData(String taskId, Map<String, String> properties) {
    FormFieldsCheck.check(commandExecutor, taskId, properties);
    super.submitTaskFormData(taskId, properties);
  }

  @Override
  public void submitTaskForm(String taskId, Map<String, Object> properties) {
    FormFieldsCheck.check(commandExecutor, taskId, properties);
    super.submitTaskForm(taskId, properties);
  }

  @Override
  public VariableMap submitTaskFormWithVariablesInReturn(String taskId, Map<String, Object> properties,
      boolean deserializeValues) {
    FormFieldsCheck.check(commandExecutor, taskId, properties);
    return super.submitTaskFormWithVariablesInReturn(taskId, properties, deserializeValues);
  }
}
