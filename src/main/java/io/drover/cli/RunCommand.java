package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover run SERVICE ACTION [--wait]}. */
@Command(name = "run", description = "Request an operation (migrate, takeover, failback) on a service.")
class RunCommand implements Callable<Integer> {

  @Mixin
  ClientOptions client;

  @Parameters(index = "0", description = "the service")
  String service;

  @Parameters(index = "1", description = "migrate, takeover or failback")
  String action;

  @Option(names = "--wait", description = "follow the run step by step; exit 0 only if it succeeds")
  boolean wait;

  @Option(names = "--reason", description = "why (kept in the journal)")
  String reason;

  @Option(names = "--skip-preflight", description = "run without checking hosts, credentials, sudo rights and"
      + " parameters first (recorded in the run log and the audit trail)")
  boolean skipPreflight;

  @Override
  public Integer call() throws Exception {
    ApiClient api = client.client();
    Map<String, String> body = new LinkedHashMap<>();
    body.put("action", action);
    if (skipPreflight) {
      body.put("skipPreflight", "true");
    }
    if (reason != null) {
      body.put("reason", reason);
    }
    JsonNode run = api.post("/api/services/" + service + "/operations", body);
    String runId = run.path("runId").asText();
    System.out.println("run " + runId + " admitted: " + action + " of " + service);
    if (!wait) {
      return 0;
    }
    return new RunFollower(api, System.out, Duration.ofMillis(300)).follow(runId) ? 0 : 1;
  }
}
