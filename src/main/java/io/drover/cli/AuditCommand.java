package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code drover audit verify}. */
@Command(name = "audit", description = "The audit trail.", subcommands = AuditCommand.Verify.class)
class AuditCommand {

  @Command(name = "verify", description = "Check the audit trail's hash chain; exit 0 if intact, 1 if not.")
  static class Verify implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws Exception {
      JsonNode result = client.client().get("/api/audit/verify");
      if (client.json()) {
        ClientOptions.print(result);
        return result.path("valid").asBoolean() ? 0 : 1;
      }
      if (result.path("valid").asBoolean()) {
        System.out.println("audit trail intact: " + result.path("entries").asInt() + " entries");
        return 0;
      }
      System.out.println("audit trail BROKEN: " + result.path("reason").asText());
      return 1;
    }
  }
}
