package io.drover.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

  @Bean
  CredentialStore credentialStore(SecretsProperties properties) {
    return new DirectoryCredentialStore(properties.dir());
  }
}
