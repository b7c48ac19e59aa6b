package io.drover.step.dns;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * DNS settings ({@code drover.dns.*}).
 *
 * @param server default authoritative server for dns-alias steps, {@code host} or {@code host:port}
 * @param timeout bound on each query and update
 */
@ConfigurationProperties("drover.dns")
public record DnsProperties(String server, Duration timeout) {

  public DnsProperties {
    timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
  }
}
