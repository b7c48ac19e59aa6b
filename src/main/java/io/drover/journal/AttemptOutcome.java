package io.drover.journal;

/**
 * How a step attempt ended, as the journal records it.
 *
 * @param attemptId the attempt's row ({@link Journal#attemptStarted})
 * @param attempt the attempt's number (1 for the first)
 * @param reason a failure's reason ({@code NON_ZERO_EXIT}, {@code TIMEOUT}, ...), or null
 * @param message what failed, or a note on how the outcome was learnt; null if nothing to say
 * @param verdict what the failure policy (or the re-attachment) made of it, or null
 */
public record AttemptOutcome(long attemptId, String runId, String stepId, String host, int attempt, boolean succeeded,
    Integer exitCode, String reason, String message, String stdout, String stderr, String verdict, long millis) {

  /** An attempt whose command succeeded. */
  public static AttemptOutcome succeeded(long attemptId, String runId, String stepId, String host, int attempt,
      Integer exitCode, String stdout, String stderr, long millis) {
    return new AttemptOutcome(attemptId, runId, stepId, host, attempt, true, exitCode, null, null, stdout, stderr, null,
        millis);
  }

  /** An attempt that failed, with the policy's verdict. */
  public static AttemptOutcome failed(long attemptId, String runId, String stepId, String host, int attempt,
      Integer exitCode, String reason, String message, String stdout, String stderr, String verdict, long millis) {
    return new AttemptOutcome(attemptId, runId, stepId, host, attempt, false, exitCode, reason, message, stdout, stderr,
        verdict, millis);
  }

  /** The same outcome with a note and the verdict that says how it was learnt (e.g. adopted after re-attaching). */
  public AttemptOutcome noted(String note, String how) {
    return new AttemptOutcome(attemptId, runId, stepId, host, attempt, succeeded, exitCode, reason, note, stdout, stderr,
        how, millis);
  }
}
