package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A dry run's plan as text: the preflight, a table of the steps, the forecast against the RTO. */
final class DryRunText {

  private DryRunText() {
  }

  static String of(JsonNode plan) {
    StringBuilder text = new StringBuilder();
    text.append("dry run: ").append(plan.path("action").asText()).append(" of ").append(plan.path("service").asText())
        .append(" (nothing runs)\n");
    if (!plan.path("refusedNow").isNull() && !plan.path("refusedNow").isMissingNode()) {
      text.append("refused now: ").append(plan.path("refusedNow").asText()).append('\n');
    }
    JsonNode preflight = plan.path("preflight");
    JsonNode problems = preflight.path("problems");
    text.append("preflight: ").append(problems.isEmpty() ? "passed" : "FAILED").append(", ")
        .append(preflight.path("checked").size()).append(" checks passed, ").append(problems.size())
        .append(" problems, ").append(preflight.path("warnings").size()).append(" warnings\n");
    problems.forEach(p -> text.append("  problem: ").append(p.asText()).append('\n'));
    preflight.path("warnings").forEach(w -> text.append("  warning: ").append(w.asText()).append('\n'));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"#", "step", "host", "policy", "timeout", "forecast", "runs"});
    plan.path("steps").forEach(s -> rows.add(new String[] {s.path("number").asText(), s.path("name").asText(),
        s.path("hosts").asText(), s.path("policy").asText(), s.path("timeout").asText(), forecast(s),
        s.path("runs").asText()}));
    int[] widths = new int[6];
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        text.append(String.format("%-" + widths[i] + "s  ", row[i]));
      }
      text.append(row[6]).append('\n');
    }
    text.append("forecast: ");
    if (plan.path("medianMillis").isNumber()) {
      text.append(seconds(plan.path("medianMillis").asLong())).append(" median, ")
          .append(seconds(plan.path("p90Millis").asLong())).append(" at the 90th percentile");
    } else {
      text.append("unknown (some steps have not succeeded in an earlier run)");
    }
    if (plan.path("rto").isTextual()) {
      text.append("; RTO ").append(plan.path("rto").asText()).append(plan.path("withinRto").isBoolean()
          ? plan.path("withinRto").asBoolean() ? ": within" : ": EXCEEDED" : "");
    }
    return text.append('\n').toString();
  }

  private static String forecast(JsonNode step) {
    if (!step.path("medianMillis").isNumber()) {
      return "no history";
    }
    return seconds(step.path("medianMillis").asLong()) + " / " + seconds(step.path("p90Millis").asLong()) + " (n="
        + step.path("samples").asInt() + ")";
  }

  private static String seconds(long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }
}
