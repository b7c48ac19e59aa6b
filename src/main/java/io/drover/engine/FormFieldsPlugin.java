package io.drover.engine;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/** A task is completed only with its form's fields, whatever the path (the REST gate checks it first). */
@Component
class FormFieldsPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setTaskService(new FormFieldsTaskService());
    configuration.setFormService(new FormFieldsFormService());
  }
}
