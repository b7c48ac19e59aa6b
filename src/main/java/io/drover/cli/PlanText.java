package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Plans and plan runs as aligned text tables. */
final class PlanText {

  private PlanText() {
  }

  /** The order a plan runs in, its resources and who approves, from {@code GET /api/plans/{plan}}. */
  static String plan(JsonNode plan) {
    StringBuilder out = new StringBuilder();
    out.append("plan ").append(plan.path("name").asText()).append(" (").append(plan.path("file").asText()).append(")\n");
    if (plan.hasNonNull("description")) {
      out.append(plan.get("description").asText()).append('\n');
    }
    out.append(plan.path("action").asText()).append(": ").append(plan.path("order").size()).append(" services, at most ")
        .append(plan.path("maxParallel").asInt()).append(" at once; group ").append(plan.path("group").asText())
        .append(plan.path("approval").asBoolean() ? "; one four-eyes approval for the whole plan" : "; no approval")
        .append('\n');
    StringBuilder resources = new StringBuilder();
    plan.path("resources").fields().forEachRemaining(r -> resources.append(resources.length() == 0 ? "" : ", ")
        .append(r.getKey()).append('=').append(r.getValue().asInt()));
    out.append("resources: ").append(resources.length() == 0 ? "none" : resources).append("\n\n");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("DEPTH", "SERVICE", "AFTER", "CRITICAL", "USES"));
    for (JsonNode m : plan.path("order")) {
      rows.add(List.of(m.path("depth").asText(), m.path("service").asText(), join(m.path("after")),
          m.path("critical").asBoolean() ? "yes" : "no", join(m.path("uses"))));
    }
    return out.append(table(rows)).toString();
  }

  /** A plan run's services: state, what each waits for or runs, elapsed. */
  static String run(JsonNode run) {
    StringBuilder out = new StringBuilder();
    out.append("plan run ").append(run.path("planRunId").asText()).append(": ").append(run.path("action").asText())
        .append(" of plan ").append(run.path("plan").asText()).append(", ").append(status(run)).append(", ")
        .append(elapsed(run.path("elapsedMillis").asLong()));
    StringBuilder counts = new StringBuilder();
    run.path("counts").fields().forEachRemaining(c -> counts.append(counts.length() == 0 ? "" : " ")
        .append(c.getKey().toLowerCase()).append('=').append(c.getValue().asLong()));
    out.append(" [").append(counts).append("]\n");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("SERVICE", "STATE", "ELAPSED", "RTO", "DETAIL"));
    for (JsonNode s : run.path("services")) {
      String rto = !s.hasNonNull("rto") ? "-" : s.get("rto").asText().replace("PT", "").toLowerCase()
          + (s.hasNonNull("rtoMet") ? (s.get("rtoMet").asBoolean() ? " met" : " MISSED") : "");
      rows.add(List.of(s.path("service").asText(), s.path("state").asText(),
          s.hasNonNull("elapsedMillis") ? elapsed(s.get("elapsedMillis").asLong()) : "", rto,
          s.path("detail").asText("")));
    }
    return out.append(table(rows)).toString();
  }

  /** 0.8 s, 42.0 s, 3m07s, 1h02m */
  static String elapsed(long millis) {
    if (millis < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long s = millis / 1000;
    return s < 3600 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%dh%02dm", s / 3600, s % 3600 / 60);
  }

  static String status(JsonNode run) {
    return "ENDED".equals(run.path("status").asText()) ? run.path("outcome").asText() : run.path("status").asText();
  }

  /** One line for a service whose state or detail changed (piped output). */
  static String change(JsonNode service) {
    return String.format("%-24s %-24s %s", service.path("service").asText(), service.path("state").asText(),
        service.path("detail").asText("")).stripTrailing();
  }

  static String join(JsonNode list) {
    List<String> items = new ArrayList<>();
    list.forEach(i -> items.add(i.asText()));
    return items.isEmpty() ? "-" : String.join(",", items);
  }

  /** Rows as columns sized to their content. */
  static String table(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    rows.forEach(r -> {
      for (int i = 0; i < r.size(); i++) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    });
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
