package io.drover.step;


/**
 * A step did not achieve its effect. This is a business outcome that the failure policy handles;
 * any other exception from a step is a bug and becomes an incident.
 */
public class StepFailure extends Exception {

  private final FailureReason reason;
  private final Integer exitCode;
  private final String stdout;
  private final String stderr;

  public StepFailure(FailureReason reason, String message, Integer exitCode, String stdout, String stderr,
      Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public FailureReason reason() {
    return reason;
  }

  public Integer exitCode() {
    return exitCode;
  }

  public String stdout() {
    return stdout;
  }

  public String stderr() {
    return stderr;
  }
}
