package io.drover.remote;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * SSH settings ({@code drover.ssh.*}).
 *
 * @param connectTimeout bound on TCP connect plus SSH handshake and authentication
 * @param commandTimeout default bound on one command; a step may set its own
 * @param outputLimit bytes of stdout and of stderr kept per command (the tail)
 * @param keepAlive interval of SSH keep-alive messages on open sessions
 */
@ConfigurationProperties("drover.ssh")
public record SshProperties(Duration connectTimeout, Duration commandTimeout, Integer outputLimit, Duration keepAlive) {

  public SshProperties {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    commandTimeout = commandTimeout == null ? Duration.ofMinutes(10) : commandTimeout;
    outputLimit = outputLimit == null ? 64 * 1024 : outputLimit;
    keepAlive = keepAlive == null ? Duration.ofSeconds(15) : keepAlive;
  }

  /** Defaults, for code and tests outside Spring. */
  public static SshProperties defaults() {
    return new SshProperties(null, null, null, null);
  }
}
