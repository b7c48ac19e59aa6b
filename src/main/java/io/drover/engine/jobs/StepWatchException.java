package io.drover.engine.jobs;

import java.time.Duration;

/**
 * Ends a step's job while its command runs on, detached, on its host: the job is not failed and
 * uses no retry; it is unlocked and due again after {@link #pause()} ({@link StepJobFailures}), so
 * no transaction, connection or job lock is held while the command runs, and any node may look next.
 */
public class StepWatchException extends RuntimeException {

  private final transient Duration pause;

  public StepWatchException(String stepId, int attempt, String host, Duration pause) {
    super("step " + stepId + " attempt " + attempt + " runs on " + host + "; looked at again in " + pause, null, false,
        false);
    this.pause = pause;
  }

  /** A job that looks again later for a reason other than a running command (a plan's service waiting for room). */
  public StepWatchException(String why, Duration pause) {
    super(why + "; looked at again in " + pause, null, false, false);
    this.pause = pause;
  }

  Duration pause() {
    return pause;
  }

  /** The watch a failure is, if it is one. */
  public static StepWatchException in(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof StepWatchException watch) {
        return watch;
      }
    }
    return null;
  }
}
