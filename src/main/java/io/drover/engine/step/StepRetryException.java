package io.drover.engine.step;

/** Thrown to make the job executor run a failed step again after the retry delay. */
class StepRetryException extends RuntimeException {

  StepRetryException(String message) {
    super(message);
  }
}
