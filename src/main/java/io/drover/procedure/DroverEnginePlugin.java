package io.drover.procedure;

import io.drover.operation.RunFinisher;
import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/** Installs Drover's parse listener in the engine. */
@Component
class DroverEnginePlugin extends AbstractProcessEnginePlugin {

  private final ProcedureProperties properties;
  private final RunFinisher finisher;

  DroverEnginePlugin(ProcedureProperties properties, RunFinisher finisher) {
    this.properties = properties;
    this.finisher = finisher;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreBPMNParseListeners() == null) {
      configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPreBPMNParseListeners()
        .add(new StepParseListener(properties.retryDelay(), new RunEndListener(finisher),
        new ApprovalEndListener(finisher)));
  }
}
