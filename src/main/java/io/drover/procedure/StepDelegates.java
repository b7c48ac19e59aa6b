package io.drover.procedure;

import io.drover.step.StepType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The delegates BPMN refers to ({@code ${commandStep}}, {@code ${transferStep}}, ...): one per step
 * type, named by its contract; nothing to add here for a new step type.
 */
@Component
class StepDelegates {

  private final Map<String, StepDelegate> byName = new LinkedHashMap<>();

  StepDelegates(List<StepType> types, StepRunner runner) {
    for (StepType type : types) {
      StepDelegate previous = byName.put(type.contract().delegate(), new StepDelegate(type, runner));
      if (previous != null) {
        throw new IllegalStateException("DROVER-STEP-001 two step types claim the delegate "
            + type.contract().delegate());
      }
    }
  }

  /** Delegate name to delegate, for the engine's expressions. */
  Map<String, StepDelegate> byName() {
    return byName;
  }
}
