package io.drover.cli;

/** Keeps the CLI's main thread alive while a server runs; Ctrl-C ends the JVM and its hooks. */
final class Waiting {

  private Waiting() {
  }

  static int forever() {
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
