package io.drover.cli;

import io.drover.client.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover check [SERVICE] [--action A]}: readiness checks now, read-only. */
@Command(name = "check", description = "Check readiness now (the preflight, read-only): VERIFIED, DRIFTED,"
    + " UNVERIFIED or NOT_APPLICABLE (the service's state does not allow the action now) per service and action;"
    + " exit 0 only if every applicable one is VERIFIED.")
class CheckCommand implements Callable<Integer> {

  @Mixin
  ClientOptions client;

  @Parameters(index = "0", arity = "0..1", description = "the service (default: every service you may read)")
  String service;

  @Option(names = "--action", description = "migrate, takeover, failback or rehearse (default: every action with a procedure)")
  String action;

  @Override
  public Integer call() throws Exception {
    ApiClient api = client.client();
    List<String> services = new ArrayList<>();
    if (service != null) {
      services.add(service);
    } else {
      api.get("/api/services").forEach(s -> services.add(s.path("name").asText()));
    }
    boolean allVerified = true;
    com.fasterxml.jackson.databind.node.ArrayNode all = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
        .arrayNode();
    for (String one : services) {
      String path = "/api/services/" + one + "/check" + (action == null ? "" : "?action=" + action);
      for (JsonNode readiness : api.post(path, java.util.Map.of())) {
        all.add(readiness);
        if (client.json()) {
          allVerified &= ready(readiness.path("state").asText());
          continue;
        }
        String state = readiness.path("state").asText();
        allVerified &= ready(state);
        System.out.printf("%-20s %-9s %-14s checked %s, verified %s%n", one, readiness.path("action").asText(), state,
            readiness.path("checkedAt").asText(), readiness.path("verifiedAt").asText("never"));
        readiness.path("problems").forEach(p -> System.out.println("  - " + p.asText()));
      }
    }
    if (client.json()) {
      ClientOptions.print(all);
    }
    return allVerified ? 0 : 1;
  }

  /** Verified, or not applicable in the service's state (that action would be refused anyway). */
  private static boolean ready(String state) {
    return "VERIFIED".equals(state) || "NOT_APPLICABLE".equals(state);
  }
}
