package io.drover.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryLoaderTest {

  static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

  @TempDir
  Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static final String VALID = """
      hosts:
        app-ldn:
          address: 10.0.0.1
          user: drover
          credential: ssh-payments
          hostKey: "%s"
        app-nyc:
          address: app01.nyc.example.com
          port: 2222
          user: drover
          credential: ssh-payments
          hostKey: "%s"
      services:
        payments:
          description: Card payments
          primary: { site: ldn, hosts: [app-ldn] }
          standby: { site: nyc, hosts: [app-nyc] }
          vars:
            appDir: /srv/payments
      """.formatted(KEY, KEY);

  @Test
  void loadsServicesHostsAndRoles() throws Exception {
    write("payments.yaml", VALID);
    Inventory inventory = new InventoryLoader(null).load(dir);
    ServiceSpec payments = inventory.service("payments").orElseThrow();
    assertThat(payments.resolveHost("primary")).contains("app-ldn");
    assertThat(payments.resolveHost("standby")).contains("app-nyc");
    assertThat(payments.resolveHost("app-nyc")).contains("app-nyc");
    assertThat(payments.resolveHost("elsewhere")).isEmpty();
    assertThat(payments.vars()).containsEntry("appDir", "/srv/payments");
    HostSpec nyc = inventory.host("app-nyc").orElseThrow();
    assertThat(nyc.port()).isEqualTo(2222);
    assertThat(nyc.hostKeys()).hasSize(1);
    assertThat(inventory.host("app-ldn").orElseThrow().port()).isEqualTo(22);
  }

  @Test
  void reportsEveryErrorWithFileAndLineAndLoadsNothing() throws Exception {
    Path file = write("bad.yaml", """
        hosts:
          app-ldn:
            address: "10.0.0.1; rm"
            user: Root
            credential: ssh-payments
            password: hunter2
            hostKey: "ssh-ed25519 !!!"
          app-nyc:
            address: 10.0.0.2
            port: 70000
            user: drover
            credential: ssh-payments
            hostKey: "%s"
        services:
          Payments:
            primary: { site: ldn, hosts: [app-ldn] }
          ledger:
            primary: { site: ldn, hosts: [app-ldn, ghost] }
            standby: { site: ldn, hosts: [app-nyc] }
            colour: blue
        """.formatted(KEY));
    assertThatThrownBy(() -> new InventoryLoader(null).load(dir))
        .isInstanceOfSatisfying(InventoryException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
            file + ":3: 'address' of host 'app-ldn' is '10.0.0.1; rm', which does not match " + InventoryLoader.ADDRESS.pattern(),
            file + ":4: 'user' of host 'app-ldn' is 'Root', which does not match " + InventoryLoader.USER.pattern(),
            file + ":6: 'password' looks like a secret; secrets never go in the inventory: store it with 'drover secret put NAME'"
                + " and refer to it with 'credential: NAME'",
            file + ":7: 'hostKey' of host 'app-ldn': the key is not valid base64",
            file + ":10: 'port' of host 'app-nyc' must be a whole number from 1 to 65535",
            file + ":15: service name 'Payments' must match " + InventoryLoader.NAME.pattern(),
            file + ":20: unknown key 'colour' in service 'ledger' (allowed: " + String.join(", ",
                new java.util.TreeSet<>(java.util.Set.of("description", "primary", "rto", "standby", "vars"))) + ")",
            file + ":19: the standby site of service 'ledger' must differ from the primary site",
            file + ":18: host 'ghost' of primary site of service 'ledger' is not defined under 'hosts'"));
  }

  @Test
  void aKerberosHostTakesItsKeytabAndPrincipalsAndOtherHostsMayNotNameThem() throws Exception {
    write("krb.yaml", "hosts:\n  db1:\n    address: db1.example.org\n    user: drover\n    auth: kerberos\n"
        + "    credential: krb-db1\n    hostKey: \"" + KEY + "\"\n  db2:\n    address: 10.0.0.2\n    user: drover\n"
        + "    auth: kerberos\n    credential: krb-db2\n    principal: \"drover-{service}/{requester}\"\n"
        + "    hostPrincipal: host/db2.example.org@EXAMPLE.ORG\n    hostKey: \"" + KEY + "\"\n");
    Inventory inventory = new InventoryLoader(null).load(dir);
    HostSpec db1 = inventory.host("db1").orElseThrow();
    assertThat(db1.kerberized()).isTrue();
    assertThat(db1.staticKey()).isFalse();
    assertThat(db1.credential()).isEqualTo("krb-db1");
    assertThat(db1.kerberos()).isEqualTo(new HostSpec.Kerberos("drover-{service}", "host/db1.example.org"));
    assertThat(db1.kerberos().principalFor("payments", "alice")).isEqualTo("drover-payments");
    HostSpec db2 = inventory.host("db2").orElseThrow();
    assertThat(db2.kerberos().principalFor("payments", "alice")).isEqualTo("drover-payments/alice");
    assertThat(db2.kerberos().hostPrincipal()).isEqualTo("host/db2.example.org@EXAMPLE.ORG");

    java.nio.file.Files.delete(dir.resolve("krb.yaml"));
    Path bad = write("bad-krb.yaml", "hosts:\n  db3:\n    address: 10.0.0.3\n    user: drover\n    auth: kerberos\n"
        + "    hostKey: \"" + KEY + "\"\n  db4:\n    address: 10.0.0.4\n    user: drover\n    credential: k\n"
        + "    principal: drover-x\n    hostKey: \"" + KEY + "\"\n  db5:\n    address: 10.0.0.5\n    user: drover\n"
        + "    auth: kerberos\n    credential: k\n    principal: \"drover-{host}\"\n    hostKey: \"" + KEY + "\"\n");
    assertThatThrownBy(() -> new InventoryLoader(null).load(dir))
        .isInstanceOfSatisfying(InventoryException.class, e -> assertThat(e.errors()).anySatisfy(line -> assertThat(line)
            .startsWith(bad + ":2:").contains("'credential'")).anySatisfy(line -> assertThat(line).isEqualTo(bad
            + ":7: host 'db4' names a Kerberos principal but logs in with a static key: add 'auth: kerberos' or"
            + " remove 'principal' and 'hostPrincipal'")).anySatisfy(line -> assertThat(line).isEqualTo(bad
            + ":13: 'principal' of host 'db5' may hold only the placeholders {service} and {requester}")));
  }

  @Test
  void refusesBrokenYamlAtItsLine() throws Exception {
    Path file = write("broken.yaml", "hosts:\n  a: [unclosed\n");
    assertThatThrownBy(() -> new InventoryLoader(null).load(dir))
        .isInstanceOfSatisfying(InventoryException.class, e -> assertThat(e.errors()).singleElement().asString()
            .startsWith(file + ":3: not valid YAML"));
  }

  @Test
  void refusesAHostDefinedTwiceAcrossFiles() throws Exception {
    write("a.yaml", VALID);
    Path second = write("b.yaml", "hosts:\n  app-ldn:\n    address: 10.0.0.9\n    user: drover\n    credential: c\n"
        + "    hostKey: \"" + KEY + "\"\n");
    assertThatThrownBy(() -> new InventoryLoader(null).load(dir))
        .isInstanceOfSatisfying(InventoryException.class, e -> assertThat(e.errors()).singleElement().asString()
            .startsWith(second + ":2: host 'app-ldn' is already defined at " + dir.resolve("a.yaml") + ":2"));
  }

  @Test
  void aHostWithoutAnyPinnedKeyIsRefused() throws Exception {
    Path file = write("nokey.yaml", "hosts:\n  bare:\n    address: 10.0.0.9\n    user: drover\n    credential: c\n");
    assertThatThrownBy(() -> new InventoryLoader(null).load(dir))
        .isInstanceOfSatisfying(InventoryException.class, e -> assertThat(e.errors()).singleElement().asString()
            .startsWith(file + ":2: host 'bare' has no pinned host key"));
  }

  @Test
  void takesKeysFromKnownHostsPlainAndHashed() throws Exception {
    write("hosts.yaml", "hosts:\n  plain:\n    address: 10.0.0.1\n    user: drover\n    credential: c\n"
        + "  hashed:\n    address: 10.0.0.2\n    port: 2222\n    user: drover\n    credential: c\n");
    byte[] salt = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    String hash = Base64.getEncoder().encodeToString(mac.doFinal("[10.0.0.2]:2222".getBytes(StandardCharsets.US_ASCII)));
    Path knownHosts = Files.writeString(dir.resolve("known_hosts.txt"), "10.0.0.1 " + KEY + "\n|1|"
        + Base64.getEncoder().encodeToString(salt) + "|" + hash + " " + KEY + "\n");
    Inventory inventory = new InventoryLoader(knownHosts).load(dir);
    assertThat(inventory.host("plain").orElseThrow().hostKeys()).hasSize(1);
    assertThat(inventory.host("hashed").orElseThrow().hostKeys()).hasSize(1);
  }

  @Test
  void aRevokedKeyIsNeverTrustedNeitherFromKnownHostsNorPinnedInline() throws Exception {
    Path file = write("hosts.yaml", "hosts:\n  listed:\n    address: 10.0.0.1\n    user: drover\n    credential: c\n"
        + "  inline:\n    address: 10.0.0.3\n    user: drover\n    credential: c\n    hostKey: \"" + KEY + "\"\n");
    Path knownHosts = Files.writeString(dir.resolve("known_hosts.txt"), "10.0.0.1 " + KEY + "\n@revoked * " + KEY + "\n");
    assertThatThrownBy(() -> new InventoryLoader(knownHosts).load(dir))
        .isInstanceOfSatisfying(InventoryException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
            file + ":2: host 'listed' has no pinned host key: add 'hostKey: TYPE BASE64' (from ssh-keyscan, checked"
                + " out of band) or put it in the known_hosts file (drover.ssh.known-hosts)",
            file + ":10: 'hostKey' of host 'inline' is marked @revoked in the known_hosts file: pin the host's new key"
                + " (checked out of band)"));
  }
}
