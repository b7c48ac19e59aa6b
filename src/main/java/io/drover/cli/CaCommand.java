package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drover ca revoke ...} and {@code drover ca krl -o FILE}: revocations of Drover's SSH CA. */
@Command(name = "ca", description = "Drover's SSH certificate authority: revoke certificates, fetch the KRL.",
    subcommands = {CaCommand.Revoke.class, CaCommand.Krl.class})
class CaCommand {

  /** What to revoke: exactly one of these. */
  static class Target {
    @Option(names = "--run", required = true, description = "every certificate of this run") String run;
    @Option(names = "--key-id", required = true, description = "one key id, as sshd logs it") String keyId;
    @Option(names = "--serial", required = true, description = "one serial, as sshd logs it") String serial;
  }

  @Command(name = "revoke", description = "Revoke certificates (administrators): Drover stops using them at once"
      + " and writes the new KRL to every host that takes certificates.")
  static class Revoke implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--reason", required = true, description = "why (kept in the audit trail)")
    String reason;

    @Override
    public Integer call() throws Exception {
      String kind = target.run != null ? "run" : target.keyId != null ? "key-id" : "serial";
      String value = target.run != null ? target.run : target.keyId != null ? target.keyId : target.serial;
      JsonNode answer = client.client().post("/api/ca/revocations", Map.of("kind", kind, "value", value, "reason",
          reason));
      if (client.json()) {
        ClientOptions.print(answer);
        return 0;
      }
      System.out.println("revoked " + kind + " " + value);
      int failed = 0;
      for (JsonNode host : answer.path("published")) {
        boolean written = host.path("written").asBoolean();
        failed += written ? 0 : 1;
        System.out.println("  " + host.path("host").asText() + ": " + (written ? "KRL written"
            : "KRL NOT written: " + host.path("problem").asText()));
      }
      return failed == 0 ? 0 : 3;
    }
  }

  @Command(name = "krl", description = "Write the current revocation list, as an OpenSSH KRL, to a file (-f FILE).")
  static class Krl implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = {"-f", "--file"}, required = true, description = "the file to write") Path output;

    @Override
    public Integer call() throws Exception {
      Files.write(output, client.client().getBytes("/api/ca/krl"));
      System.out.println("KRL written to " + output + " (check a certificate: ssh-keygen -Q -f " + output
          + " CERT.pub)");
      return 0;
    }
  }
}
