package io.drover.operation;

import java.time.Instant;

/**
 * The stored state of one service.
 *
 * @param lockRunId the run holding the service, or null
 * @param lastGoodStep the last step that succeeded in the last failed run
 * @param unfencedRunId the takeover that could not fence or stop the primary (PRIMARY_NOT_FENCED), or
 *     null: set until someone states the primary is fenced ({@code drover fenced})
 * @param cleanupRunId the rehearsal (or cleanup run) whose cleanup did not finish (CLEANUP_INCOMPLETE), or
 *     null: set until a cleanup run succeeds ({@code drover cleanup})
 */
public record ServiceState(String service, Site activeSite, ServiceStatus status, String lockRunId, String lastRunId,
    String lastGoodStep, Instant updatedAt, String unfencedRunId, String cleanupRunId) {

  /** What the services list and the API call a service whose primary was not fenced. */
  public static final String PRIMARY_NOT_FENCED = "PRIMARY_NOT_FENCED";

  /** What the services list and the API call a service a rehearsal left leftovers on. */
  public static final String CLEANUP_INCOMPLETE = "CLEANUP_INCOMPLETE";
}
