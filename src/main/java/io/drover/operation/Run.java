package io.drover.operation;

import java.time.Instant;

/**
 * One operation on one service.
 *
 * @param status {@code AWAITING_APPROVAL}, {@code RUNNING} or {@code ENDED}
 * @param outcome set when ended
 */
public record Run(String id, String service, Action action, String status, RunOutcome outcome, String requestedBy,
    String origin, String reason, String processInstanceId, String failedStep, String lastGoodStep, int warnings,
    Instant startedAt, Instant endedAt, String approvedBy, Instant approvedAt) {

  public static final String AWAITING_APPROVAL = "AWAITING_APPROVAL";
  public static final String RUNNING = "RUNNING";
}
