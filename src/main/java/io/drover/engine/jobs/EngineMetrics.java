package io.drover.engine.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.ManagementService;
import org.springframework.stereotype.Component;

/**
 * The job executor's backlog as Prometheus gauges: {@code drover_jobs_due} (steps and plan tasks due
 * now, locked or not) and {@code drover_jobs_failed} (jobs out of retries: incidents).
 */
@Component
class EngineMetrics {

  EngineMetrics(MeterRegistry registry, ManagementService management) {
    Gauge.builder("drover.jobs.due", management, m -> m.createJobQuery().executable().count())
        .description("Jobs due now (steps waiting for a thread or running)").register(registry);
    Gauge.builder("drover.jobs.failed", management, m -> m.createJobQuery().noRetriesLeft().count())
        .description("Jobs without retries left (incidents)").register(registry);
  }
}
