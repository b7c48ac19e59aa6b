package io.drover.step;

/** Lets a step type declare, before it acts, where and what it runs, so the journal shows it live. */
public interface AttemptRecorder {

  /**
   * @param host the inventory name of the host (or {@code from->to} for a transfer)
   * @param command the command as run, secrets masked
   */
  void started(String host, String command);
}
