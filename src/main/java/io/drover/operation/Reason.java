package io.drover.operation;

import org.springframework.http.HttpStatus;

/** The reason a person gives for a run, an approval or an acknowledgement: bounded, as the journal keeps it. */
public final class Reason {

  /** What the journal's reason columns hold. */
  public static final int MAX = 1000;

  private Reason() {
  }

  /** The reason, or a 400 problem (before anything is written) when it is longer than {@link #MAX}. */
  public static String bounded(String reason) {
    if (reason != null && reason.length() > MAX) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "reason-too-long", "the reason has " + reason.length()
          + " characters; at most " + MAX + " are kept: shorten it (put details in your change ticket and name it)");
    }
    return reason;
  }
}
