package io.drover.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover ack SERVICE --site primary|standby --reason ...}. */
@Command(name = "ack", description = "Acknowledge an IN_DOUBT service after checking its hosts.")
class AckCommand implements Callable<Integer> {

  @Mixin
  ClientOptions client;

  @Parameters(index = "0", description = "the service")
  String service;

  @Option(names = "--site", required = true, description = "the site that is active now: primary or standby")
  String site;

  @Option(names = "--reason", required = true, description = "what you checked (kept in the journal)")
  String reason;

  @Override
  public Integer call() throws Exception {
    com.fasterxml.jackson.databind.JsonNode answer = client.client().post("/api/services/" + service + "/ack",
        Map.of("site", site, "reason", reason));
    if (client.json()) {
      ClientOptions.print(answer);
      return 0;
    }
    System.out.println(service + " acknowledged: active on " + site);
    return 0;
  }
}
