package io.drover.remote;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * SSH settings ({@code drover.ssh.*}).
 *
 * @param connectTimeout bound on TCP connect plus SSH handshake and authentication
 * @param commandTimeout default bound on one command; a step may set its own
 * @param outputLimit bytes of stdout and of stderr kept per command (the tail)
 * @param keepAlive interval of SSH keep-alive messages on open sessions (three missed answers end the
 *     session: a host that stops answering mid-command is found within three intervals)
 * @param attemptDir where on each host a fenced command keeps its process group id, output and
 *     exit status, one directory per run and attempt (relative to the login user's home; created on
 *     first use, removed when the run ends)
 * @param killGrace how long a timed-out command's process group has between TERM and KILL
 * @param hold how long one engine transaction waits for a fenced command: one that runs longer goes
 *     on detached on its host, and its step is watched (its job comes back to ask the host) without a
 *     transaction or a job lock held meanwhile
 * @param watch the longest pause between two looks at a detached command (the pause grows with the
 *     command's age, from half a second to this)
 */
@ConfigurationProperties("drover.ssh")
public record SshProperties(Duration connectTimeout, Duration commandTimeout, Integer outputLimit, Duration keepAlive,
    String attemptDir, Duration killGrace, Duration hold, Duration watch) {

  public SshProperties(Duration connectTimeout, Duration commandTimeout, Integer outputLimit, Duration keepAlive) {
    this(connectTimeout, commandTimeout, outputLimit, keepAlive, null, null, null, null);
  }

  @org.springframework.boot.context.properties.bind.ConstructorBinding
  public SshProperties {
    attemptDir = attemptDir == null || attemptDir.isBlank() ? ".drover/attempts" : attemptDir.strip();
    killGrace = killGrace == null ? Duration.ofSeconds(10) : killGrace;
    hold = hold == null ? Duration.ofSeconds(2) : hold;
    watch = watch == null ? Duration.ofSeconds(10) : watch;
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
