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

    @Option(names = "--install", description = "install it on the host over SSH too, as --login with --identity:"
        + " files written, sshd_config checked by sshd -t before it is replaced, sshd reloaded")
    boolean install;

    @Option(names = "--login", defaultValue = "root", description = "with --install: the account to log in as; not"
        + " root: it runs the installation with sudo -n (default: ${DEFAULT-VALUE})")
    String login;

    @Option(names = "--identity", description = "with --install: the private key file of --login (OpenSSH format)")
    Path identity;

    @Option(names = "--etc", defaultValue = "/etc/ssh", description = "where the host's sshd keeps sshd_config and"
        + " Drover's files (default: ${DEFAULT-VALUE})")
    String etc;

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
      if (install && identity == null) {
        System.err.println("drover host enrol: --install needs --identity KEYFILE, the private key of --login");
        return 1;
      }
      java.util.SortedSet<String> all = new java.util.TreeSet<>(HostEnrolment.services(inventory, spec));
      all.addAll(services);
      io.drover.security.HostInstaller.Layout layout = io.drover.security.HostInstaller.Layout.under(etc);
      if (spec.kerberized()) {
        System.out.print(HostEnrolment.kerberosText(inventory, spec, services, realm));
        return install ? install(spec, connection -> io.drover.security.HostInstaller.kerberos(connection,
            !"root".equals(login), spec, java.util.List.copyOf(all), realm, layout)) : 0;
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
      System.out.print(HostEnrolment.text(inventory, spec, lines, services, layout));
      return install ? install(spec, connection -> io.drover.security.HostInstaller.certificates(connection,
          !"root".equals(login), spec, lines, java.util.List.copyOf(all), layout)) : 0;
    }

    interface Installation {
      io.drover.security.HostInstaller.Installed on(io.drover.remote.SshConnection connection)
          throws io.drover.remote.RemoteException;
    }

    /** Logs in as --login with --identity (the host's pinned key checked) and installs; 0 when it all went in. */
    private Integer install(HostSpec spec, Installation installation) throws java.io.IOException {
      io.drover.remote.SshTarget target = new io.drover.remote.SshTarget(spec.name(), spec.address(), spec.port(),
          login, Files.readAllBytes(identity), spec.hostKeys());
      io.drover.remote.SshConnector connector = new io.drover.remote.SshConnector(new io.drover.remote.SshProperties(
          java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60), 64 * 1024, java.time.Duration.ofSeconds(20)));
      System.out.println("# installing on " + spec.name() + " as " + login + ":");
      try (io.drover.remote.SshConnection connection = connector.connect(target)) {
        io.drover.security.HostInstaller.Installed installed = installation.on(connection);
        installed.lines().forEach(System.out::println);
        if (!installed.ok()) {
          System.err.println("drover host enrol: the installation on " + spec.name() + " stopped: "
              + installed.lines().stream().filter(l -> l.startsWith("error: ")).findFirst().orElse("see above"));
          return 1;
        }
        return 0;
      } catch (io.drover.remote.RemoteException | IllegalArgumentException e) {
        System.err.println("drover host enrol: " + e.getMessage());
        return 1;
      }
    }
  }
}
