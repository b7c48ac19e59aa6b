package io.drover.procedure;

import io.drover.step.CommandStep;
import io.drover.step.TransferStep;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The delegate beans BPMN refers to: {@code ${commandStep}}, {@code ${transferStep}}. */
@Configuration(proxyBeanMethods = false)
class StepDelegates {

  @Bean
  StepDelegate commandStep(CommandStep type, StepRunner runner) {
    return new StepDelegate(type, runner);
  }

  @Bean
  StepDelegate transferStep(TransferStep type, StepRunner runner) {
    return new StepDelegate(type, runner);
  }
}
