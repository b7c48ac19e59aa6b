package io.drover.preflight;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The readiness of every checked service and action as gauges: {@code drover_readiness_verified}
 * (1 when the last check passed) and {@code drover_readiness_drifted} (1 when it passed once and no
 * longer does), tagged with service and action; refreshed after every check.
 */
@Component
public class ReadinessMetrics {

  private final JdbcTemplate jdbc;
  private final MultiGauge verified;
  private final MultiGauge drifted;

  public ReadinessMetrics(JdbcTemplate jdbc, MeterRegistry registry) {
    this.jdbc = jdbc;
    this.verified = MultiGauge.builder("drover.readiness.verified")
        .description("1 when the service's last readiness check for the action passed").register(registry);
    this.drifted = MultiGauge.builder("drover.readiness.drifted")
        .description("1 when the service was verified for the action once and its last check found problems")
        .register(registry);
  }

  @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
  void atStart() {
    refresh();
  }

  /** Re-reads the last check of every service and action. */
  public void refresh() {
    List<String[]> rows = jdbc.query("select service, action, state from drover_readiness", (rs, n) ->
        new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
    verified.register(rows.stream().map(r -> MultiGauge.Row.of(Tags.of("service", r[0], "action", r[1]),
        Readiness.VERIFIED.equals(r[2]) ? 1 : 0)).toList(), true);
    drifted.register(rows.stream().map(r -> MultiGauge.Row.of(Tags.of("service", r[0], "action", r[1]),
        Readiness.DRIFTED.equals(r[2]) ? 1 : 0)).toList(), true);
  }
}
