package io.drover.security;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Secret store settings ({@code drover.secrets.*}).
 *
 * @param dir directory holding one file per credential name
 */
@ConfigurationProperties("drover.secrets")
public record SecretsProperties(Path dir) {

  public SecretsProperties {
    dir = dir == null ? Path.of("secrets") : dir;
  }
}
