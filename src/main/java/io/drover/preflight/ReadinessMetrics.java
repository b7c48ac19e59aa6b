package io.drover.preflight;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The readiness of every checked service and action as gauges: {@code drover_readiness_verified}
 * (1 when the last check passed) and {@code drover_readiness_drifted} (1 when it passed once and no
 * longer does), tagged with service and action, and {@code drover_readiness_static_credential} (1 for
 * each host a service's last checks found reached with a static key: STATIC_CREDENTIAL), tagged with
 * service and host; refreshed after every check.
 */
@Component
public class ReadinessMetrics {

  private final JdbcTemplate jdbc;
  private final MultiGauge verified;
  private final MultiGauge drifted;
  private final MultiGauge staticCredential;

  public ReadinessMetrics(JdbcTemplate jdbc, MeterRegistry registry) {
    this.jdbc = jdbc;
    this.verified = MultiGauge.builder("drover.readiness.verified")
        .description("1 when the service's last readiness check for the action passed").register(registry);
    this.drifted = MultiGauge.builder("drover.readiness.drifted")
        .description("1 when the service was verified for the action once and its last check found problems")
        .register(registry);
    this.staticCredential = MultiGauge.builder("drover.readiness.static.credential")
        .description("1 for each host the service's last readiness checks reach with one static key"
            + " (STATIC_CREDENTIAL) instead of a per-run certificate").register(registry);
  }

  @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
  void atStart() {
    refresh();
  }

  /** Re-reads the last check of every service and action. */
  public void refresh() {
    List<String[]> rows = jdbc.query("select service, action, state, static_hosts from drover_readiness", (rs, n) ->
        new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
    verified.register(rows.stream().map(r -> MultiGauge.Row.of(Tags.of("service", r[0], "action", r[1]),
        Readiness.VERIFIED.equals(r[2]) ? 1 : 0)).toList(), true);
    drifted.register(rows.stream().map(r -> MultiGauge.Row.of(Tags.of("service", r[0], "action", r[1]),
        Readiness.DRIFTED.equals(r[2]) ? 1 : 0)).toList(), true);
    Set<List<String>> hosts = new TreeSet<>(Comparator.comparing((List<String> p) -> p.get(0))
        .thenComparing(p -> p.get(1)));
    rows.stream().filter(r -> r[3] != null && !r[3].isEmpty())
        .forEach(r -> Arrays.stream(r[3].split(",")).forEach(host -> hosts.add(List.of(r[0], host))));
    staticCredential.register(hosts.stream().map(p -> MultiGauge.Row.of(Tags.of("service", p.get(0), "host",
        p.get(1)), 1)).toList(), true);
  }
}
