package io.drover.operation;

/** How a run ended. */
public enum RunOutcome {
  /** Every step succeeded. */
  SUCCEEDED,
  /** The run finished, but at least one step failed under WARN. */
  SUCCEEDED_WITH_WARNINGS,
  /** A step failed under DIE; later steps did not run; the service is IN_DOUBT. */
  FAILED,
  /** Cancelled or rejected by a person; the service is IN_DOUBT (a rehearsal's is not: its cleanup runs). */
  ABORTED,
  /**
   * A rehearsal whose cleanup failed: its leftovers remain on the standby, listed with the run, and
   * the service is held from rehearsals and failovers until {@code drover cleanup} succeeds.
   */
  CLEANUP_INCOMPLETE;

  public boolean success() {
    return this == SUCCEEDED || this == SUCCEEDED_WITH_WARNINGS;
  }
}
