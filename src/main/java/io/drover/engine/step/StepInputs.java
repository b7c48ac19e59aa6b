package io.drover.engine.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.core.variable.mapping.InputParameter;
import org.camunda.bpm.engine.impl.core.variable.mapping.IoMapping;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;

/**
 * A step's parameters: the input mapping its model declares ({@code camunda:inputParameter}),
 * evaluated for the step when it runs instead of being set as local variables first. The values
 * are the same (each is evaluated against the run's variables, as validation checks them); what is
 * saved is the engine's variable machinery and its history rows on every step (the journal keeps
 * what a step ran, and where: decision 13).
 */
public final class StepInputs {

  private static final String PROPERTY = "drover.stepInputs";

  private StepInputs() {
  }

  /** Takes the step's inputs out of the activity's input mapping and keeps them for {@link #of}. */
  public static void detach(ActivityImpl activity) {
    IoMapping mapping = activity.getIoMapping();
    if (mapping == null || mapping.getInputParameters() == null || mapping.getInputParameters().isEmpty()) {
      return;
    }
    activity.setProperty(PROPERTY, List.copyOf(mapping.getInputParameters()));
    mapping.setInputParameters(new ArrayList<>());
  }

  /** The step's parameters, evaluated now against the execution's variables, in the model's order. */
  static Map<String, Object> of(DelegateExecution execution) {
    Map<String, Object> values = new LinkedHashMap<>();
    Object inputs = ((ExecutionEntity) execution).getActivity().getProperty(PROPERTY);
    if (inputs instanceof List<?> list) {
      for (Object input : list) {
        InputParameter parameter = (InputParameter) input;
        values.put(parameter.getName(), parameter.getValueProvider().getValue(execution));
      }
    }
    // the step's own local variables (a multi-instance step's element variable, say) count too, as before
    values.putAll(execution.getVariablesLocal());
    return values;
  }
}
