package io.drover.cli;

import io.drover.client.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Follows a plan run to its end. On a terminal the table is redrawn in place; piped, a line is
 * printed for each service whose state or step changes, and the table once at the end.
 */
class PlanWatcher {

  private final ApiClient api;
  private final PrintStream out;
  private final boolean terminal;
  private final Duration poll;

  PlanWatcher(ApiClient api, PrintStream out, boolean terminal, Duration poll) {
    this.api = api;
    this.out = out;
    this.terminal = terminal;
    this.poll = poll;
  }

  /** True when stdout is a terminal that understands cursor movement. */
  static boolean onTerminal() {
    return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
  }

  /** Waits for the plan run to end, printing nothing, and returns it. */
  static JsonNode await(ApiClient api, String planRunId) throws IOException, InterruptedException {
    while (true) {
      JsonNode run = api.get("/api/plan-runs/" + planRunId);
      if ("ENDED".equals(run.path("status").asText())) {
        return run;
      }
      Thread.sleep(500);
    }
  }

  /** Follows the run; returns true when it ended SUCCEEDED or SUCCEEDED_WITH_WARNINGS. */
  boolean follow(String planRunId) throws IOException, InterruptedException {
    Map<String, String> seen = new HashMap<>();
    int drawn = 0;
    while (true) {
      JsonNode run = api.get("/api/plan-runs/" + planRunId);
      boolean ended = "ENDED".equals(run.path("status").asText());
      if (terminal) {
        String table = PlanText.run(run);
        if (drawn > 0) {
          out.print("\033[" + drawn + "A\033[J");
        }
        out.print(table);
        drawn = (int) table.chars().filter(c -> c == '\n').count();
      } else {
        for (JsonNode s : run.path("services")) {
          String line = PlanText.change(s);
          if (!line.equals(seen.put(s.path("service").asText(), line))) {
            out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
          }
        }
        if (ended) {
          out.println();
          out.print(PlanText.run(run));
        }
      }
      out.flush();
      if (ended) {
        String outcome = run.path("outcome").asText();
        out.println("outcome: " + outcome);
        return outcome.startsWith("SUCCEEDED");
      }
      Thread.sleep(poll.toMillis());
    }
  }
}
