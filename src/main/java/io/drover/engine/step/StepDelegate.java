package io.drover.engine.step;

import io.drover.step.StepType;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** Adapts a {@link StepType} to a BPMN service task ({@code camunda:delegateExpression}). */
public class StepDelegate implements JavaDelegate {

  private final StepType type;
  private final StepRunner runner;

  StepDelegate(StepType type, StepRunner runner) {
    this.type = type;
    this.runner = runner;
  }

  @Override
  public void execute(DelegateExecution execution) {
    runner.run(execution, type);
  }
}
