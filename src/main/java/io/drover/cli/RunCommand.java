package io.drover.cli;

import io.drover.client.ApiClient;
import io.drover.client.RunFollower;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover run SERVICE ACTION [--wait] [--dry-run]}. */
@Command(name = "run", description = "Request an operation (migrate, takeover, failback, or rehearse: a test on the standby, production untouched) on a service.")
class RunCommand implements Callable<Integer> {

  @Mixin
  ClientOptions client;

  @Parameters(index = "0", description = "the service")
  String service;

  @Parameters(index = "1", description = "migrate, takeover, failback or rehearse")
  String action;

  @Option(names = "--wait", description = "follow the run step by step; exit 0 only if it succeeds")
  boolean wait;

  @Option(names = "--reason", description = "why (kept in the journal)")
  String reason;

  @Option(names = "--skip-preflight", description = "run without checking hosts, credentials, sudo rights and"
      + " parameters first (recorded in the run log and the audit trail)")
  boolean skipPreflight;

  @Option(names = "--force", description = "run although the service is PRIMARY_NOT_FENCED (a takeover could not"
      + " fence its primary); needs --reason, audited as FORCED")
  boolean force;

  @Option(names = "--dry-run", description = "print what the run would do (preflight, steps as they would run,"
      + " forecast against the RTO) and run nothing; exit 0 if the preflight passed")
  boolean dryRun;

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
    if (force) {
      body.put("force", "true");
    }
    if (dryRun) {
      body.put("dryRun", "true");
      JsonNode plan = api.post("/api/services/" + service + "/operations", body);
      if (client.json()) {
        ClientOptions.print(plan);
        return plan.path("preflight").path("problems").isEmpty() ? 0 : 1;
      }
      System.out.print(DryRunText.of(plan));
      return plan.path("preflight").path("problems").isEmpty() ? 0 : 1;
    }
    JsonNode run = api.post("/api/services/" + service + "/operations", body);
    String runId = run.path("runId").asText();
    if (client.json()) {
      if (!wait) {
        ClientOptions.print(run);
        return 0;
      }
      JsonNode ended = new RunFollower(api, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
          Duration.ofMillis(300)).await(runId);
      ClientOptions.print(ended);
      return ended.path("outcome").asText().startsWith("SUCCEEDED") ? 0 : 1;
    }
    System.out.println("run " + runId + " admitted: " + action + " of " + service);
    JsonNode awaiting = run.path("awaiting");
    if (awaiting.isObject()) {
      // the requester learns at once that nothing runs until someone else approves, who, and by when
      System.out.println("awaiting approval: a " + awaiting.path("role").asText() + " of " + awaiting.path("group")
          .asText() + " other than " + awaiting.path("notBy").asText() + " must approve it (Tasklist, or drover approve "
          + runId + " --reason ...) before " + awaiting.path("deadline").asText() + "; without approval it ends ABORTED");
    }
    if (!wait) {
      return 0;
    }
    return new RunFollower(api, System.out, Duration.ofMillis(300), PlanWatcher.onTerminal()).follow(runId) ? 0 : 1;
  }
}
