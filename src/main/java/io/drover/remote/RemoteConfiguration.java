package io.drover.remote;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RemoteConfiguration {

  @Bean
  SshConnector sshConnector(SshProperties properties) {
    return new SshConnector(properties);
  }
}
