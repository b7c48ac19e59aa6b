package io.drover.operation;

import java.time.Instant;

/**
 * The stored state of one service.
 *
 * @param lockRunId the run holding the service, or null
 * @param lastGoodStep the last step that succeeded in the last failed run
 */
public record ServiceState(String service, Site activeSite, ServiceStatus status, String lockRunId, String lastRunId,
    String lastGoodStep, Instant updatedAt) {
}
