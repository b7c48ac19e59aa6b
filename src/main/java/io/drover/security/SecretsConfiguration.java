package io.drover.security;

import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(SecretsConfiguration.class);

  @Bean
  CredentialStore credentialStore(SecretsProperties properties, SecurityProperties security) {
    SecretKey key = MasterKey.load(properties.masterKey(), properties.masterKeyFile(), properties.dir());
    if (key == null && security.enabled()) {
      throw new StartupRefusedException("DROVER-SEC-011 a secured server (issuer set) keeps its secrets encrypted:"
          + " set DROVER_MASTER_KEY_FILE (or DROVER_MASTER_KEY); make one with: drover secret keygen");
    }
    if (key == null) {
      LOG.warn("DROVER-SEC-008 no master key (DROVER_MASTER_KEY or drover.secrets.master-key-file): secrets in {} are"
          + " read as plain files; acceptable for the demo only", properties.dir().toAbsolutePath());
      return new DirectoryCredentialStore(properties.dir());
    }
    return new EncryptedCredentialStore(properties.dir(), key);
  }
}
