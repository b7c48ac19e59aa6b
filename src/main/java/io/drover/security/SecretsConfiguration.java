package io.drover.security;

import io.drover.journal.AuditKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

  /**
   * The audit chain's HMAC key, derived from the master key (HMAC-SHA-256 of a fixed label), so it
   * lives where the master key lives, outside the database. No master key: no audit key (demo).
   */
  @Bean
  AuditKey auditKey(SecretsProperties properties) {
    SecretKey key = MasterKey.load(properties.masterKey(), properties.masterKeyFile(), properties.dir());
    if (key == null) {
      return new AuditKey(null);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return new AuditKey(mac.doFinal("drover audit chain v1".getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is part of every JDK", e);
    }
  }

  @Bean
  CredentialStore credentialStore(SecretsProperties properties, SecurityProperties security) {
    SecretKey key = MasterKey.load(properties.masterKey(), properties.masterKeyFile(), properties.dir());
    if (key == null && security.enabled()) {
      throw new StartupRefusedException(SecurityLogger.LOG.securedWithoutMasterKey());
    }
    if (key == null) {
      SecurityLogger.LOG.secretsInPlainFiles(properties.dir().toAbsolutePath());
      return new DirectoryCredentialStore(properties.dir());
    }
    return new EncryptedCredentialStore(properties.dir(), key);
  }
}
