package io.drover.procedure;

import io.drover.step.ApplicationStep;
import io.drover.step.CommandStep;
import io.drover.step.FilesystemStep;
import io.drover.step.ProbeStep;
import io.drover.step.StorageStep;
import io.drover.step.TransferStep;
import io.drover.step.VolumeGroupStep;
import io.drover.step.dns.DnsAliasStep;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The delegate beans BPMN refers to: {@code ${commandStep}}, {@code ${transferStep}}, ... one per step type. */
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

  @Bean
  StepDelegate dnsAliasStep(DnsAliasStep type, StepRunner runner) {
    return new StepDelegate(type, runner);
  }

  @Bean
  StepDelegate filesystemStep(FilesystemStep type, StepRunner runner) {
    return new StepDelegate(type, runner);
  }

  @Bean
  StepDelegate volumeGroupStep(VolumeGroupStep type, StepRunner runner) {
    return new StepDelegate(type, runner);
  }

  @Bean
  StepDelegate storageStep(StorageStep type, StepRunner runner) {
    return new StepDelegate(type, runner);
  }

  @Bean
  StepDelegate applicationStep(ApplicationStep type, StepRunner runner) {
    return new StepDelegate(type, runner);
  }

  @Bean
  StepDelegate probeStep(ProbeStep type, StepRunner runner) {
    return new StepDelegate(type, runner);
  }
}
