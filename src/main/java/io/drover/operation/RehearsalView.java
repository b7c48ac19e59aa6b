package io.drover.operation;

import java.time.Duration;
import java.time.Instant;

/**
 * A service's rehearsal record as the API shows it ({@code rehearsal} of a service).
 *
 * @param status PROVEN, NEEDS_VERIFICATION, REHEARSAL_DUE or NEVER_REHEARSED
 * @param every how often it must be rehearsed ({@code drover.rehearsal.every})
 */
public record RehearsalView(String status, String lastRunId, String lastAt, String lastOutcome, String provenRunId,
    String provenAt, String dueAt, String every) {

  static RehearsalView of(RehearsalProof proof, Duration every, Instant now) {
    return new RehearsalView(proof.status(now), proof.lastRunId(), text(proof.lastAt()),
        proof.lastOutcome() == null ? null : proof.lastOutcome().name(), proof.provenRunId(), text(proof.provenAt()),
        text(proof.dueAt()), period(every));
  }

  /** A period as written in the configuration: P365D rather than PT8760H for whole days. */
  static String period(Duration every) {
    return every.toSeconds() % 86_400 == 0 ? "P" + every.toDays() + "D" : every.toString();
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
