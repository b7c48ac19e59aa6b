package io.drover.preflight;

import io.drover.inventory.ServiceSpec;
import io.drover.step.StepFailure;
import io.drover.step.StepNeeds;
import io.drover.step.StepRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * What a run would do, without doing it: its preflight, then every step in flow order with the host
 * it runs on, what it runs (variables substituted, secrets masked), its policy and timeout, and a
 * forecast from earlier runs (median and 90th percentile), totalled against the service's RTO.
 */
@Service
public class DryRun {

  /** One step as it would run; the forecast fields are null when no earlier run succeeded it. */
  public record StepPlan(int number, String id, String name, String type, String hosts, String runs, String policy,
      String timeout, Integer samples, Long medianMillis, Long p90Millis) {
  }

  /**
   * @param refusedNow why a real request would be refused now (the service's state), or null
   * @param medianMillis total forecast, null unless every step has a history
   * @param withinRto whether the 90th-percentile total is within the RTO (null: no RTO or no forecast)
   */
  public record RunPlan(String service, String action, String refusedNow, PreflightReport preflight,
      List<StepPlan> steps, Long medianMillis, Long p90Millis, String rto, Boolean withinRto) {
  }

  private final Preflight preflight;
  private final ProcedureSteps procedures;
  private final StepHistory history;

  public DryRun(Preflight preflight, ProcedureSteps procedures, StepHistory history) {
    this.preflight = preflight;
    this.procedures = procedures;
    this.history = history;
  }

  public RunPlan plan(ServiceSpec service, String action, Map<String, Object> variables, String refusedNow) {
    PreflightReport report = preflight.check(service, action, variables);
    Map<String, StepHistory.Forecast> forecasts = history.of(service.name(), action);
    List<StepPlan> steps = new ArrayList<>();
    long median = 0;
    long p90 = 0;
    boolean complete = true;
    int number = 0;
    for (ProcedureSteps.PlannedStep step : procedures.of(service.name() + "-" + action, variables, new ArrayList<>())) {
      StepRequest request = new StepRequest("dry-run", service.name(), step.id(), step.parameters(), variables);
      String runs;
      String hosts;
      try {
        runs = step.type().preview(request);
        Set<String> names = new LinkedHashSet<>();
        step.type().needs(request).logins().stream().map(StepNeeds.Login::host).forEach(h -> names.add(h.name()));
        hosts = names.isEmpty() ? "-" : String.join(",", names);
      } catch (StepFailure e) {
        runs = "(cannot run: " + e.getMessage() + ")";
        hosts = "?";
      }
      Object timeout = step.parameters().get("timeout");
      StepHistory.Forecast forecast = forecasts.get(step.id());
      if (forecast == null) {
        complete = false;
      } else {
        median += forecast.medianMillis();
        p90 += forecast.p90Millis();
      }
      steps.add(new StepPlan(++number, step.id(), step.name() == null ? step.id() : step.name(), step.type().name(),
          hosts, runs, step.policy(), timeout == null ? "default" : timeout.toString(),
          forecast == null ? null : forecast.samples(), forecast == null ? null : forecast.medianMillis(),
          forecast == null ? null : forecast.p90Millis()));
    }
    Duration rto = service.rto();
    Boolean within = rto == null || !complete ? null : p90 <= rto.toMillis();
    return new RunPlan(service.name(), action, refusedNow, report, List.copyOf(steps), complete ? median : null,
        complete ? p90 : null, rto == null ? null : rto.toString(), within);
  }
}
