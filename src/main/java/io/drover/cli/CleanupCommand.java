package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.client.RunFollower;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover cleanup RUN [--reason ...] [--wait]}: runs the cleanup of a rehearsal that did not clean up. */
@Command(name = "cleanup", description = "Run again the cleanup of a rehearsal that ended CLEANUP_INCOMPLETE"
    + " (its procedure from its cleanup step); on success the service may be rehearsed and failed over again.")
class CleanupCommand implements Callable<Integer> {

  @Mixin
  ClientOptions client;

  @Parameters(index = "0", description = "the rehearsal run whose cleanup is incomplete (drover services names it)")
  String runId;

  @Option(names = "--reason", description = "what was fixed before this cleanup (kept in the audit trail)")
  String reason;

  @Option(names = "--wait", description = "follow the cleanup step by step; exit 0 only if it succeeds")
  boolean wait;

  @Option(names = "--done", description = "the leftovers were removed by hand: free the service without a cleanup"
      + " run (needs --reason; audited)")
  boolean done;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> body = new HashMap<>();
    if (reason != null) {
      body.put("reason", reason);
    }
    if (done) {
      body.put("done", true);
      client.client().post("/api/runs/" + runId + "/cleanup", body);
      System.out.println("leftovers of rehearsal " + runId + " stated removed: CLEANUP_INCOMPLETE cleared");
      return 0;
    }
    JsonNode run = client.client().post("/api/runs/" + runId + "/cleanup", body);
    if (client.json() && !wait) {
      ClientOptions.print(run);
      return 0;
    }
    String cleanup = run.path("runId").asText();
    System.out.println("cleanup of rehearsal " + runId + " started: run " + cleanup + " (drover status " + cleanup + ")");
    if (!wait) {
      return 0;
    }
    return new RunFollower(client.client(), System.out, Duration.ofMillis(300), PlanWatcher.onTerminal())
        .follow(cleanup) ? 0 : 1;
  }
}
