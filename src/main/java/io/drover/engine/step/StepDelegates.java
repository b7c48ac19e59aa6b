package io.drover.engine.step;

import io.drover.step.StepContract;
import io.drover.step.catalog.StepContracts;
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
public class StepDelegates {

  /** Whether a service task's {@code camunda:delegateExpression} names a step's delegate ({@code ${name}}). */
  public static boolean isStep(String delegateExpression) {
    if (delegateExpression == null) {
      return false;
    }
    String text = delegateExpression.strip();
    return text.startsWith("${") && text.endsWith("}")
        && StepContracts.byDelegate(text.substring(2, text.length() - 1).strip()).isPresent();
  }

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
