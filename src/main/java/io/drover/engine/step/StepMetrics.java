package io.drover.engine.step;

import io.drover.execution.AttemptMetrics;
import io.drover.step.FailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Step attempts as Prometheus metrics: {@code drover_step_duration_seconds} (histogram by step type
 * and result) and {@code drover_step_attempts_total} (by step type, result and failure reason).
 */
@Component
class StepMetrics implements AttemptMetrics {

  private final MeterRegistry registry;

  StepMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void succeeded(String type, long millis) {
    record(type, "succeeded", "NONE", millis);
  }

  @Override
  public void failed(String type, FailureReason reason, long millis) {
    record(type, "failed", reason == null ? "UNKNOWN" : reason.name(), millis);
  }

  private void record(String type, String result, String reason, long millis) {
    Timer.builder("drover.step.duration").description("Duration of step attempts").tag("type", type)
        .tag("result", result).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofHours(1)).register(registry).record(Duration.ofMillis(Math.max(0, millis)));
    Counter.builder("drover.step.attempts").description("Step attempts by result and failure reason").tag("type", type)
        .tag("result", result).tag("reason", reason).register(registry).increment();
  }
}
