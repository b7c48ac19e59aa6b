package io.drover.approval.engine;

import org.camunda.bpm.engine.ProcessEngineException;

/** Someone who may not decide a run's approval tried to; the REST API answers 403. */
public class ApprovalRefusedException extends ProcessEngineException {

  private static final long serialVersionUID = 1L;

  public ApprovalRefusedException(String message) {
    super(message);
  }
}
