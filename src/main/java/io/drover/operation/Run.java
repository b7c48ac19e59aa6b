package io.drover.operation;

import java.time.Instant;

/**
 * One operation on one service.
 *
 * @param status {@code AWAITING_APPROVAL}, {@code RUNNING} or {@code ENDED}
 * @param outcome set when ended
 * @param cleanupOf the rehearsal this run cleans up ({@code drover cleanup}, or after a cancel), or null
 * @param leftovers what a rehearsal's cleanup could not remove, one per line (CLEANUP_INCOMPLETE), or null
 */
public record Run(String id, String service, Action action, String status, RunOutcome outcome, String requestedBy,
    String origin, String reason, String processInstanceId, String failedStep, String lastGoodStep, int warnings,
    Instant startedAt, Instant endedAt, String approvedBy, Instant approvedAt, String cleanupOf, String leftovers) {

  public static final String AWAITING_APPROVAL = "AWAITING_APPROVAL";
  public static final String RUNNING = "RUNNING";

  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** Whether the text is a run id as Drover makes them: a UUID in canonical lower-case form. */
  public static boolean isId(String text) {
    return text != null && ID.matcher(text).matches();
  }

  /** The procedure that runs this run: {@code <service>-<action>}. */
  public String procedure() {
    return service + "-" + action.id();
  }
}
