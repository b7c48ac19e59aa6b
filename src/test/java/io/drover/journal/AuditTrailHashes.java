package io.drover.journal;

import java.time.Instant;

/** What someone without the audit key could compute: an entry's plain SHA-256, as tests forge it. */
public final class AuditTrailHashes {

  private AuditTrailHashes() {
  }

  public static String unkeyed(String previous, Instant at, String... fields) {
    return AuditTrail.hash(null, previous, at, fields);
  }
}
