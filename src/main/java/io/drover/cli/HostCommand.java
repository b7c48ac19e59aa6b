package io.drover.cli;

import io.drover.inventory.HostSpec;
import io.drover.inventory.Inventory;
import io.drover.inventory.InventoryException;
import io.drover.security.HostEnrolment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover host enrol HOST}: what a host needs to take Drover's per-run SSH certificates. */
@Command(name = "host", description = "Hosts of the inventory.", subcommands = HostCommand.Enrol.class)
class HostCommand {

  @Command(name = "enrol", description = "Print what HOST's sshd needs to accept Drover's per-run certificates: the"
      + " CA it trusts, the principals of the services allowed on its account, the sshd_config lines; for a"
      + " Kerberos host its keytab, .k5login and GSSAPI lines.")
  static class Enrol implements Callable<Integer> {

    @Mixin
    LocalOptions local;

    @Parameters(index = "0", description = "the host's inventory name")
    String host;

    @Option(names = "--ca-public", description = "the CA's public key (ca.pub, as ssh-keygen wrote"
        + " it next to the key stored with drover secret put ssh-ca --file ca); twice during a CA rollover: the"
        + " host then trusts both; not for a Kerberos host")
    java.util.List<Path> caPublic = new java.util.ArrayList<>();

    @Option(names = "--realm", defaultValue = "REALM", description = "a Kerberos host's realm, as its .k5login"
        + " lines name it (default: ${DEFAULT-VALUE})")
    String realm;

    @Option(names = "--service", description = "also a service whose steps reach this host though its sites do not"
        + " include it (a storage gatekeeper); repeatable")
    java.util.List<String> services = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
      Inventory inventory;
      try {
        inventory = local.inventory();
      } catch (InventoryException e) {
        e.errors().forEach(System.out::println);
        return 1;
      }
      HostSpec spec = inventory.host(host).orElse(null);
      if (spec == null) {
        System.err.println("drover host enrol: no host '" + host + "' in the inventory");
        return 1;
      }
      for (String service : services) {
        if (inventory.service(service).isEmpty()) {
          System.err.println("drover host enrol: no service '" + service + "' in the inventory");
          return 1;
        }
      }
      if (spec.kerberized()) {
        System.out.print(HostEnrolment.kerberosText(inventory, spec, services, realm));
        return 0;
      }
      if (caPublic.isEmpty()) {
        System.err.println("drover host enrol: host " + host + " takes certificates: name the CA's public key with"
            + " --ca-public CA.pub");
        return 1;
      }
      java.util.List<String> lines = new java.util.ArrayList<>();
      for (Path file : caPublic) {
        String line = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!line.startsWith("ssh-ed25519 ")) {
          System.err.println("drover host enrol: " + file + " is not an Ed25519 public key (ssh-ed25519 ...)");
          return 1;
        }
        lines.add(line);
      }
      System.out.print(HostEnrolment.text(inventory, spec, lines, services));
      return 0;
    }
  }
}
