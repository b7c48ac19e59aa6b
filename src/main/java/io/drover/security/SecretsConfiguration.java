package io.drover.security;

import io.drover.journal.AuditKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(SecretsConfiguration.class);

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
