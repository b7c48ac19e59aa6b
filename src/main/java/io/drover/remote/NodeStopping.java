package io.drover.remote;

import java.util.concurrent.locks.LockSupport;

/**
 * Whether this Drover node is stopping (SIGTERM). A step whose thread is interrupted while the node
 * stops records no outcome: its command goes on on the host, fenced, and the step is re-attached by
 * another node (or this one after its restart) once its lease runs out. Its thread parks until the
 * JVM ends, so nothing half-true reaches the journal or the engine.
 */
public final class NodeStopping {

  private static volatile boolean stopping;

  private NodeStopping() {
  }

  public static void begin() {
    stopping = true;
  }

  /** A node (re)started in this JVM runs again. */
  public static void reset() {
    stopping = false;
  }

  public static boolean isStopping() {
    return stopping;
  }

  /** Parks the calling step thread for good if the node is stopping; returns otherwise. */
  public static void parkIfStopping() {
    while (stopping) {
      LockSupport.park(NodeStopping.class);
    }
  }
}
