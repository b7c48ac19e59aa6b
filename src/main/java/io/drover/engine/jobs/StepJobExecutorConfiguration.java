package io.drover.engine.jobs;

import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.camunda.bpm.spring.boot.starter.configuration.impl.DefaultJobConfiguration;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;

/** The engine's job executor: Camunda's, configured from {@code camunda.bpm.job-execution.*}, taking only what it can run. */
@Configuration(proxyBeanMethods = false)
class StepJobExecutorConfiguration {

  @Bean
  @ConditionalOnProperty(prefix = "camunda.bpm.job-execution", name = "enabled", havingValue = "true",
      matchIfMissing = true)
  JobExecutor jobExecutor(@Qualifier("camundaTaskExecutor") TaskExecutor taskExecutor,
      CamundaBpmProperties properties) {
    SpringJobExecutor camunda = (SpringJobExecutor) DefaultJobConfiguration.JobConfiguration.jobExecutor(taskExecutor,
        properties);
    IdleThreadsJobExecutor executor = new IdleThreadsJobExecutor();
    executor.setTaskExecutor(camunda.getTaskExecutor());
    executor.setRejectedJobsHandler(camunda.getRejectedJobsHandler());
    executor.setLockTimeInMillis(camunda.getLockTimeInMillis());
    executor.setMaxJobsPerAcquisition(camunda.getMaxJobsPerAcquisition());
    executor.setWaitTimeInMillis(camunda.getWaitTimeInMillis());
    executor.setMaxWait(camunda.getMaxWait());
    executor.setBackoffTimeInMillis(camunda.getBackoffTimeInMillis());
    executor.setMaxBackoff(camunda.getMaxBackoff());
    executor.setBackoffDecreaseThreshold(camunda.getBackoffDecreaseThreshold());
    executor.setWaitIncreaseFactor(camunda.getWaitIncreaseFactor());
    return executor;
  }
}
