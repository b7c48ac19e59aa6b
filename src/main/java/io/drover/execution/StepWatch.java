package io.drover.execution;

import java.time.Duration;

/**
 * How long a step whose command runs detached waits before its job asks the host again: a quarter
 * of the command's age so far, at least half a second and at most {@code drover.ssh.watch}. A short
 * command is seen to end soon after it does; a long one costs a look every few seconds.
 */
public record StepWatch(Duration longest) {

  static final Duration SHORTEST = Duration.ofMillis(500);

  public Duration pause(Duration age) {
    Duration quarter = age.dividedBy(4);
    if (quarter.compareTo(SHORTEST) < 0) {
      return SHORTEST.compareTo(longest) < 0 ? SHORTEST : longest;
    }
    return quarter.compareTo(longest) > 0 ? longest : quarter;
  }
}
