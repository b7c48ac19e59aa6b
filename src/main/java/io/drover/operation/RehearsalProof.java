package io.drover.operation;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a service's last successful rehearsal still proves it.
 *
 * @param lastRunId the last rehearsal that ended, whatever its outcome (null: none)
 * @param lastOutcome its outcome
 * @param provenRunId the last rehearsal that succeeded (null: none)
 * @param changedSince the service's procedures or inventory changed since that rehearsal (by fingerprint)
 * @param failedSince a later rehearsal failed (or did not clean up): the proven one no longer proves it
 * @param dueAt when the next rehearsal is due: the proven one's end plus {@code drover.rehearsal.every}
 */
public record RehearsalProof(String lastRunId, Instant lastAt, RunOutcome lastOutcome, String provenRunId,
    Instant provenAt, boolean changedSince, boolean failedSince, Instant dueAt) {

  /** No successful rehearsal on record. */
  public static final String NEVER_REHEARSED = "NEVER_REHEARSED";
  /** The procedures or inventory changed since the last successful rehearsal, or a later one failed. */
  public static final String NEEDS_VERIFICATION = "NEEDS_VERIFICATION";
  /** The last successful rehearsal is older than the period. */
  public static final String REHEARSAL_DUE = "REHEARSAL_DUE";
  /** Rehearsed successfully, unchanged since, and not due. */
  public static final String PROVEN = "PROVEN";

  /** The worst of several states (a plan's): NEVER_REHEARSED, NEEDS_VERIFICATION, REHEARSAL_DUE, then PROVEN. */
  public static String worst(java.util.Collection<String> statuses) {
    for (String status : java.util.List.of(NEVER_REHEARSED, NEEDS_VERIFICATION, REHEARSAL_DUE)) {
      if (statuses.contains(status)) {
        return status;
      }
    }
    return PROVEN;
  }

  /** Builds the proof from the last successful rehearsal's end and fingerprint and the service's fingerprint now. */
  public static RehearsalProof of(String lastRunId, Instant lastAt, RunOutcome lastOutcome, String provenRunId,
      Instant provenAt, String provenFingerprint, String fingerprintNow, Duration every) {
    boolean changed = provenRunId != null && !fingerprintNow.equals(provenFingerprint);
    boolean failed = provenRunId != null && lastRunId != null && !lastRunId.equals(provenRunId) && lastOutcome != null
        && lastOutcome != RunOutcome.ABORTED && !lastOutcome.success();
    return new RehearsalProof(lastRunId, lastAt, lastOutcome, provenRunId, provenAt, changed, failed,
        provenAt == null ? null : provenAt.plus(every));
  }

  /** The state at {@code now}: a change since the rehearsal counts before its age. */
  public String status(Instant now) {
    if (provenRunId == null) {
      return NEVER_REHEARSED;
    }
    if (changedSince || failedSince) {
      return NEEDS_VERIFICATION;
    }
    return now.isAfter(dueAt) ? REHEARSAL_DUE : PROVEN;
  }

  /** Seconds since the last successful rehearsal ended, or NaN when there is none. */
  public double ageSeconds(Instant now) {
    return provenAt == null ? Double.NaN : Duration.between(provenAt, now).toMillis() / 1000.0;
  }
}
