package io.drover.runbook;

import java.util.List;

/** The runbooks of the procedures directory have problems: the server deploys nothing and does not start. */
public class InvalidRunbooksException extends IllegalStateException {

  private final List<String> problems;

  public InvalidRunbooksException(List<String> problems) {
    super(RunbookLogger.LOG.invalidRunbooks(problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, {@code file:line:column: what is wrong}. */
  public List<String> problems() {
    return problems;
  }
}
