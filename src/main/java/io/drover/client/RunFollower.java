package io.drover.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Prints a run's log lines as they are written, then a summary of its steps and its outcome. */
public class RunFollower {

  private final ApiClient api;
  private final PrintStream out;
  private final Duration poll;

  private final boolean terminal;
  /** The step started last and not ended yet, and since when (for the live line on a terminal). */
  private String running;
  private Instant runningSince;
  private boolean liveLineShown;

  public RunFollower(ApiClient api, PrintStream out, Duration poll) {
    this(api, out, poll, false);
  }

  /** @param terminal whether {@code out} is a terminal: a running step's elapsed time is then shown in place */
  public RunFollower(ApiClient api, PrintStream out, Duration poll, boolean terminal) {
    this.api = api;
    this.out = out;
    this.poll = poll;
    this.terminal = terminal;
  }

  /** The live line of a step still running: its name and how long it has run. */
  static String liveLine(String step, Duration elapsed) {
    long s = elapsed.toSeconds();
    return "   ... " + step + " running for " + (s < 60 ? s + "s" : s / 60 + "m" + String.format("%02d", s % 60) + "s");
  }

  /** Follows the run to its end; returns true for SUCCEEDED or SUCCEEDED_WITH_WARNINGS. */
  public boolean follow(String runId) throws IOException, InterruptedException {
    long position = 0;
    while (true) {
      ApiClient.Text text = api.getText("/api/runs/" + runId + "/log?after=" + position);
      position = text.position();
      printLines(runId, text.body());
      if (terminal && running != null && Duration.between(runningSince, Instant.now()).toSeconds() >= 2) {
        out.print("\r\033[K" + liveLine(running, Duration.between(runningSince, Instant.now())));
        out.flush();
        liveLineShown = true;
      }
      if ("ENDED".equals(text.runStatus())) {
        printLines(runId, api.getText("/api/runs/" + runId + "/log?after=" + position).body());
        break;
      }
      Thread.sleep(poll.toMillis());
    }
    return summary(runId);
  }

  /** Step names by run and step id (two procedures of one service may use the same ids for other steps). */
  private final java.util.Map<String, String> stepNames = new java.util.HashMap<>();
  private final java.util.Set<String> looked = new java.util.HashSet<>();

  /**
   * The line with its step id ({@code Task_RunCpAVar...}) replaced by the step's name, as the run's
   * attempts give it; other lines (RUN_ADMITTED, PREFLIGHT, ...) as they are.
   */
  private String named(String runId, String line) throws IOException {
    String[] parts = line.split(" ", 3);
    if (parts.length < 3 || parts[1].matches("[A-Z_]+")) {
      return line;
    }
    String key = runId + "/" + parts[1];
    if (!stepNames.containsKey(key) && looked.add(key)) {
      api.get("/api/runs/" + runId).path("steps").forEach(s -> {
        if (s.hasNonNull("stepName")) {
          stepNames.put(runId + "/" + s.path("stepId").asText(), s.path("stepName").asText());
        }
      });
    }
    String name = stepNames.get(key);
    return name == null ? line : parts[0] + " " + String.format("%-30s", name) + " " + parts[2].stripLeading();
  }

  private void printLines(String runId, String body) throws IOException {
    for (String raw : body.split("\n")) {
      if (raw.isBlank()) {
        continue;
      }
      String line = named(runId, raw);
      if (liveLineShown) {
        out.print("\r\033[K");
        liveLineShown = false;
      }
      String[] parts = line.split(" ", 3);
      if (line.contains(" status=STARTED ") && parts.length == 3) {
        running = parts[2].substring(0, parts[2].indexOf(" host=") < 0 ? 0 : parts[2].indexOf(" host=")).strip();
        running = running.isEmpty() ? parts[1] : parts[1] + (running.isEmpty() ? "" : " " + running);
        runningSince = Instant.now();
      } else if (line.contains(" status=SUCCEEDED ") || line.contains(" status=FAILED ")) {
        running = null;
      }
      boolean alarming = line.contains("status=FAILED") || line.contains("policy=WARN") || line.contains("outcome=FAILED")
          || line.contains("outcome=ABORTED") || line.contains("outcome=CLEANUP_INCOMPLETE") || line.contains("outcome=SUCCEEDED_WITH_WARNINGS");
      out.println((alarming ? "!! " : "   ") + line);
    }
    out.flush();
  }

  /** Waits for the run to end, printing nothing, and returns it. */
  public JsonNode await(String runId) throws IOException, InterruptedException {
    while (true) {
      JsonNode run = api.get("/api/runs/" + runId);
      if ("ENDED".equals(run.path("status").asText())) {
        return run;
      }
      Thread.sleep(poll.toMillis());
    }
  }

  /** Prints one line per step attempt and the outcome. */
  public boolean summary(String runId) throws IOException {
    JsonNode run = api.get("/api/runs/" + runId);
    out.println();
    out.printf("run %s: %s of %s, requested by %s%n", runId, run.path("action").asText(), run.path("service").asText(),
        run.path("requestedBy").asText());
    if (run.hasNonNull("reason")) {
      out.printf("reason: %s%n", run.get("reason").asText());
    }
    if (run.hasNonNull("approvedBy")) {
      out.printf("approved by %s at %s%n", run.get("approvedBy").asText(), run.path("approvedAt").asText());
    }
    List<String[]> rows = new ArrayList<>();
    List<String> details = new ArrayList<>();
    for (JsonNode step : run.path("steps")) {
      String duration = "";
      if (step.hasNonNull("startedAt") && step.hasNonNull("endedAt")) {
        Duration d = Duration.between(Instant.parse(step.get("startedAt").asText()), Instant.parse(step.get("endedAt").asText()));
        duration = String.format("%.2fs", d.toMillis() / 1000.0);
      }
      String status = step.path("status").asText();
      if ("FAILED".equals(status) && "WARN".equals(step.path("verdict").asText())) {
        status = "WARNED";
      }
      String exit = step.hasNonNull("exitCode") ? "exit " + step.get("exitCode").asInt() : "no exit status";
      String reason = step.hasNonNull("reason") ? " " + step.get("reason").asText() : "";
      rows.add(new String[] {status, step.path("stepName").asText(step.path("stepId").asText()),
          "attempt " + step.path("attempt").asInt(), "on " + step.path("host").asText(), duration, exit + reason});
      StringBuilder why = new StringBuilder();
      if (!"SUCCEEDED".equals(step.path("status").asText()) && step.hasNonNull("message")) {
        why.append("      why: ").append(step.get("message").asText()).append('\n');
      }
      if (!"SUCCEEDED".equals(step.path("status").asText()) && step.hasNonNull("stderrTail")
          && !step.get("stderrTail").asText().isBlank()) {
        List<String> lines = step.get("stderrTail").asText().strip().lines().toList();
        lines.subList(Math.max(0, lines.size() - 3), lines.size())
            .forEach(line -> why.append("      stderr: ").append(line).append('\n'));
      }
      details.add(why.toString());
    }
    int[] widths = new int[5];
    rows.forEach(row -> {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    });
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      out.printf("  %-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %-" + widths[3] + "s  %"
          + widths[4] + "s  %s%n", (Object[]) row);
      out.print(details.get(r));
    }
    if (!run.hasNonNull("outcome")) {
      out.printf("status: %s (not ended)%n", run.path("status").asText());
      out.flush();
      return false;
    }
    String outcome = run.get("outcome").asText();
    out.printf("outcome: %s%s%n", outcome, "SUCCEEDED".equals(outcome) ? "" : "   <<<");
    run.path("leftovers").forEach(leftover -> out.printf("  left over: %s%n", leftover.asText()));
    if ("CLEANUP_INCOMPLETE".equals(outcome)) {
      out.printf("  remove them or fix the cause, then: drover cleanup %s%n", run.path("runId").asText());
    }
    out.flush();
    return "SUCCEEDED".equals(outcome) || "SUCCEEDED_WITH_WARNINGS".equals(outcome);
  }
}
