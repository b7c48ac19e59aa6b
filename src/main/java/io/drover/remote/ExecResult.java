package io.drover.remote;

import java.time.Duration;

/**
 * What a command returned.
 *
 * @param exitStatus the remote exit status, -1 when the command ended without one (signal)
 * @param stdout the tail of standard output, bounded
 * @param stderr the tail of standard error, bounded
 * @param duration wall-clock time of the command
 */
public record ExecResult(int exitStatus, String stdout, String stderr, Duration duration) {

  public boolean succeeded() {
    return exitStatus == 0;
  }
}
