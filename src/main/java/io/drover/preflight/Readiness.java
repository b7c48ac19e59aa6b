package io.drover.preflight;

import java.time.Instant;
import java.util.List;

/**
 * The readiness of one service for one action, from its last check.
 *
 * @param state {@code VERIFIED} (the last check passed), {@code DRIFTED} (it passed once, and the
 *     last check found problems: what changed since), {@code UNVERIFIED} (never passed)
 * @param verifiedAt when a check last passed (null: never)
 * @param problems what the last check found
 */
public record Readiness(String service, String action, String state, Instant checkedAt, Instant verifiedAt,
    List<String> problems) {

  public static final String VERIFIED = "VERIFIED";
  public static final String DRIFTED = "DRIFTED";
  public static final String UNVERIFIED = "UNVERIFIED";
}
