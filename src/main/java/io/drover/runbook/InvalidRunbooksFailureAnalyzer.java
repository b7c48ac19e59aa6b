package io.drover.runbook;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The list of runbook problems, file:line first, instead of a bean stack, when the server does not start. */
class InvalidRunbooksFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRunbooksException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidRunbooksException cause) {
    return new FailureAnalysis(RunbookLogger.LOG.invalidRunbooksAtStart(cause.problems()),
        "Fix each file:line above (drover validate FILE checks one without a server), then start Drover again.", cause);
  }
}
