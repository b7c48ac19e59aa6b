package io.drover.preflight;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** How long each step of a procedure took in earlier runs: the forecast of a dry run. */
@Component
public class StepHistory {

  /** A step's successful attempts so far: how many, their median and 90th percentile (nearest rank). */
  public record Forecast(int samples, long medianMillis, long p90Millis) {

    static Forecast of(List<Long> millis) {
      List<Long> sorted = millis.stream().sorted().toList();
      return new Forecast(sorted.size(), rank(sorted, 50), rank(sorted, 90));
    }

    private static long rank(List<Long> sorted, int percentile) {
      int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, index));
    }
  }

  private final JdbcTemplate jdbc;

  public StepHistory(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Per step id, the forecast from the succeeded attempts of earlier runs of {@code service}'s {@code action}. */
  public Map<String, Forecast> of(String service, String action) {
    Map<String, List<Long>> durations = new HashMap<>();
    jdbc.query("select a.step_id, a.started_at, a.ended_at from drover_step_attempt a join drover_run r on r.id ="
        + " a.run_id where r.service = ? and r.action = ? and a.status = 'SUCCEEDED' and a.ended_at is not null", rs -> {
          Timestamp started = rs.getTimestamp(2);
          Timestamp ended = rs.getTimestamp(3);
          durations.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(Math.max(0, ended.getTime() - started.getTime()));
        }, service, action.toUpperCase(java.util.Locale.ROOT));
    Map<String, Forecast> forecasts = new HashMap<>();
    durations.forEach((step, millis) -> forecasts.put(step, Forecast.of(millis)));
    return forecasts;
  }
}
