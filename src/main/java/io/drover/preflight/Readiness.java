package io.drover.preflight;

import java.time.Instant;
import java.util.List;

/**
 * The readiness of one service for one action, from its last check.
 *
 * @param state {@code VERIFIED} (the last check passed), {@code DRIFTED} (it passed once, and the
 *     last check found problems: what changed since), {@code UNVERIFIED} (never passed),
 *     {@code NOT_APPLICABLE} (the service's state does not allow the action now, e.g. migrate while the
 *     standby is active: whatever the last check found, the action would be refused)
 * @param verifiedAt when a check last passed (null: never)
 * @param problems what the last check found
 * @param staticCredentialHosts the hosts the action reaches with one static key instead of a per-run
 *     certificate ({@code STATIC_CREDENTIAL}): whoever asks, their log shows only the account
 */
public record Readiness(String service, String action, String state, Instant checkedAt, Instant verifiedAt,
    List<String> problems, List<String> staticCredentialHosts) {

  public static final String VERIFIED = "VERIFIED";
  public static final String DRIFTED = "DRIFTED";
  public static final String UNVERIFIED = "UNVERIFIED";
  public static final String NOT_APPLICABLE = "NOT_APPLICABLE";

  /** This readiness as the service's state shows it: not applicable, and why, when the action is not allowed now. */
  public Readiness notApplicable(String why) {
    return new Readiness(service, action, NOT_APPLICABLE, checkedAt, verifiedAt, List.of(why), staticCredentialHosts);
  }
}
