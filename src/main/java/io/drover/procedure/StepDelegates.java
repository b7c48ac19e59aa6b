package io.drover.procedure;

import io.drover.step.StepContract;
import io.drover.step.StepContracts;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The delegate beans BPMN refers to ({@code ${commandStep}}, {@code ${transferStep}}, ...): one per
 * step type's contract, named by it, over the step type's bean ({@code <delegate>Type}); nothing to
 * add here for a new step type.
 */
@Configuration(proxyBeanMethods = false)
class StepDelegates {

  @Bean
  static BeanDefinitionRegistryPostProcessor stepDelegateBeans() {
    return (BeanDefinitionRegistry registry) -> {
      for (StepContract contract : StepContracts.ALL) {
        registry.registerBeanDefinition(contract.delegate(), BeanDefinitionBuilder.genericBeanDefinition(StepDelegate.class)
            .addConstructorArgReference(contract.delegate() + "Type").addConstructorArgReference("stepRunner")
            .getBeanDefinition());
      }
    };
  }
}
