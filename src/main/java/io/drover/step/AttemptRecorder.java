package io.drover.step;

/** Lets a step type declare, before it acts, where and what it runs, so the journal shows it live. */
public interface AttemptRecorder {

  /**
   * @param host the inventory name of the host (or {@code from->to} for a transfer)
   * @param command the command as run, secrets masked
   */
  void started(String host, String command);

  /**
   * The directory on the host under which this attempt's command is fenced (see
   * {@code io.drover.remote.Fence}); known once {@link #started} was called.
   */
  default String fence() {
    throw new UnsupportedOperationException("this recorder keeps no fenced attempts");
  }
}
