package io.drover.engine;

import io.drover.approval.engine.ApprovalEndListener;
import io.drover.operation.RunFinisher;
import io.drover.plan.PlanScheduler;
import io.drover.plan.engine.PlanEndListener;
import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/** Installs Drover's parse listener: each step's policy, retry cycle and inputs, and the run, approval and plan end listeners. */
@Component
class ProcedureParsePlugin extends AbstractProcessEnginePlugin {

  private final ProcedureProperties properties;
  private final RunFinisher finisher;
  private final PlanScheduler planScheduler;
  private final StepDecisionListener stepDecision;

  ProcedureParsePlugin(ProcedureProperties properties, RunFinisher finisher, PlanScheduler planScheduler,
      StepDecisionListener stepDecision) {
    this.properties = properties;
    this.finisher = finisher;
    this.planScheduler = planScheduler;
    this.stepDecision = stepDecision;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreBPMNParseListeners() == null) {
      configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPreBPMNParseListeners().add(new StepParseListener(properties.retryDelay(),
        new RunEndListener(finisher), new ApprovalEndListener(finisher), new PlanEndListener(planScheduler),
        stepDecision));
  }
}
