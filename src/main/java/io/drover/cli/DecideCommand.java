package io.drover.cli;

import io.drover.client.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drover approve RUN --reason R} and {@code drover reject RUN --reason R}: decide the
 * four-eyes approval of a run or a plan run, under the same rules as Tasklist.
 */
class DecideCommand implements Callable<Integer> {

  @Mixin
  ClientOptions client;

  @Parameters(index = "0", description = "the run or plan run awaiting approval")
  String id;

  @Option(names = "--reason", required = true, description = "why (kept in the journal and the audit trail)")
  String reason;

  private final String decision;

  DecideCommand(String decision) {
    this.decision = decision;
  }

  @Override
  public Integer call() throws Exception {
    ApiClient api = client.client();
    Map<String, String> body = Map.of("decision", decision, "reason", reason);
    JsonNode answer;
    String what;
    try {
      answer = api.post("/api/runs/" + id + "/approval", body);
      what = "run";
    } catch (ApiClient.ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
      answer = api.post("/api/plan-runs/" + id + "/approval", body);
      what = "plan run";
    }
    if (client.json()) {
      ClientOptions.print(answer);
    } else {
      System.out.println(what + " " + id + (decision.equals("approve") ? " approved: it starts now"
          : " rejected: it ends ABORTED and nothing runs"));
    }
    return 0;
  }

  @Command(name = "approve", description = "Approve a run or plan run that awaits a second person's approval.")
  static class Approve extends DecideCommand {
    Approve() {
      super("approve");
    }
  }

  @Command(name = "reject", description = "Reject a run or plan run that awaits approval; nothing runs.")
  static class Reject extends DecideCommand {
    Reject() {
      super("reject");
    }
  }
}
