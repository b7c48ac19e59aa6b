package io.drover.operation;

/**
 * An approval decision the engine would not take, in Drover's terms: the API layer tells the user
 * what to fix ({@link ProblemHandler}); the engine adapter that throws it knows nothing of HTTP.
 */
public class ApprovalDecisionRefused extends RuntimeException {

  /** Why the decision was not taken. */
  public enum Why {
    /** nothing of that run or plan run awaits approval */
    NOT_AWAITING,
    /** the approval's rules refuse this person (own request, role, group) */
    REFUSED,
    /** the decision or its reason is not valid */
    BAD_DECISION
  }

  private final Why why;

  public ApprovalDecisionRefused(Why why, String detail) {
    super(detail);
    this.why = why;
  }

  public Why why() {
    return why;
  }
}
