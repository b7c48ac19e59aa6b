package io.drover.security;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Secret store settings ({@code drover.secrets.*}).
 *
 * @param dir directory holding one file per credential name
 * @param masterKey base64 AES-256 master key (prefer the environment, DROVER_MASTER_KEY); with it
 *     secrets are encrypted files {@code NAME.sec}, without it plain files (demo only)
 * @param masterKeyFile file holding the master key, outside {@code dir}
 */
@ConfigurationProperties("drover.secrets")
public record SecretsProperties(Path dir, String masterKey, Path masterKeyFile) {

  public SecretsProperties {
    dir = dir == null ? Path.of("secrets") : dir;
    masterKeyFile = masterKeyFile == null || masterKeyFile.toString().isEmpty() ? null : masterKeyFile;
  }
}
