package io.drover.step;

/**
 * Thrown by a step type whose fenced command outlived the hold of one engine transaction: the
 * command goes on, detached, on its host; the attempt stays open, and the step comes back to ask the
 * host what became of it instead of holding a transaction while it runs.
 */
public class StepStillRunning extends RuntimeException {

  public StepStillRunning(String host) {
    super("the command runs on, detached, on " + host);
  }
}
