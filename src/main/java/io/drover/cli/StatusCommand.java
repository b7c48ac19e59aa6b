package io.drover.cli;

import io.drover.client.ApiClient;
import io.drover.client.RunFollower;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drover status RUN}. */
@Command(name = "status", description = "Show a run: each step attempt and the outcome.")
class StatusCommand implements Callable<Integer> {

  @Mixin
  ClientOptions client;

  @Parameters(index = "0", description = "the run id")
  String runId;

  @Override
  public Integer call() throws Exception {
    ApiClient api = client.client();
    if (client.json()) {
      com.fasterxml.jackson.databind.JsonNode run = api.get("/api/runs/" + runId);
      ClientOptions.print(run);
      return run.path("outcome").asText().startsWith("SUCCEEDED") ? 0 : 1;
    }
    boolean ok = new RunFollower(api, System.out, java.time.Duration.ZERO).summary(runId);
    return ok ? 0 : 1;
  }
}
