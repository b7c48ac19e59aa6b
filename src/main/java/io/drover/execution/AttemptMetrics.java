package io.drover.execution;

import io.drover.step.FailureReason;

/** Counts and times attempts by step type (a port: the engine adapter's Micrometer meters). */
public interface AttemptMetrics {

  void succeeded(String stepType, long millis);

  void failed(String stepType, FailureReason reason, long millis);

  AttemptMetrics NONE = new AttemptMetrics() {
    @Override
    public void succeeded(String stepType, long millis) {
    }

    @Override
    public void failed(String stepType, FailureReason reason, long millis) {
    }
  };
}
