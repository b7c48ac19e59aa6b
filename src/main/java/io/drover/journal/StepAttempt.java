package io.drover.journal;

import java.time.Instant;

/**
 * One attempt of one step: the evidence of what ran where and what came back.
 *
 * @param status {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}
 * @param reason the failure reason when failed
 * @param verdict what the policy made of a failure: {@code RETRY}, {@code WARN}, {@code DIE}, {@code ASK}
 * @param jobId the engine job that ran it (the same across the retries of one pass through the step)
 * @param credential how Drover logged in: {@code certificate serial=N id="drover run=..."} (what the
 *     host's sshd logs) or {@code static key NAME}; null when the step reached no SSH host
 */
public record StepAttempt(long id, String runId, String stepId, String stepName, int attempt, String host,
    String command, String status, Integer exitCode, String reason, String message, String stdoutTail,
    String stderrTail, Instant startedAt, Instant endedAt, String verdict, String jobId, String credential) {

  public StepAttempt(long id, String runId, String stepId, String stepName, int attempt, String host, String command,
      String status, Integer exitCode, String reason, String message, String stdoutTail, String stderrTail,
      Instant startedAt, Instant endedAt, String verdict, String jobId) {
    this(id, runId, stepId, stepName, attempt, host, command, status, exitCode, reason, message, stdoutTail,
        stderrTail, startedAt, endedAt, verdict, jobId, null);
  }

  public static final String RUNNING = "RUNNING";
  public static final String SUCCEEDED = "SUCCEEDED";

  public boolean ended() {
    return !RUNNING.equals(status);
  }
}
