package io.drover.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover fenced SERVICE --reason ...}: the primary of a PRIMARY_NOT_FENCED service is fenced now. */
@Command(name = "fenced", description = "State that the primary of a PRIMARY_NOT_FENCED service is fenced or"
    + " stopped now (after a takeover that could not reach it); clears the mark.")
class FencedCommand implements Callable<Integer> {

  @Mixin
  ClientOptions client;

  @Parameters(index = "0", description = "the service")
  String service;

  @Option(names = "--reason", required = true, description = "how the primary was fenced or stopped (kept in the"
      + " journal and the audit trail)")
  String reason;

  @Override
  public Integer call() throws Exception {
    com.fasterxml.jackson.databind.JsonNode answer = client.client().post("/api/services/" + service + "/fenced",
        Map.of("reason", reason));
    if (client.json()) {
      ClientOptions.print(answer);
      return 0;
    }
    System.out.println(service + ": primary fenced, PRIMARY_NOT_FENCED cleared");
    return 0;
  }
}
