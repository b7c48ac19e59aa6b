package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.remote.HostKeyPin;
import io.drover.remote.RemoteException;
import io.drover.remote.SshConnection;
import io.drover.remote.SshConnector;
import io.drover.remote.SshProperties;
import io.drover.remote.SshTarget;
import io.drover.support.TestOpenSshd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drover host enrol HOST --install} against a real OpenSSH sshd on which root logs in with a
 * key: before it, the host refuses Drover's certificates; after it, the account takes the certificate
 * of its service only, sshd having checked and reloaded the new configuration; again, nothing is
 * added twice. For a Kerberos host it writes the account's .k5login and turns GSSAPI on. A
 * configuration sshd refuses is not installed.
 */
class HostInstallTest {

  static final String ACCOUNT = "drover-inst-test";

  @TempDir
  static Path dir;

  static Path etc;
  static TestOpenSshd sshd;
  static SshCertificateAuthority authority;

  @BeforeAll
  static void start() throws Exception {
    for (String key : List.of("ca", "root_key")) {
      Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve(key)
          .toString()).redirectErrorStream(true).start();
      assertThat(keygen.waitFor(30, TimeUnit.SECONDS) && keygen.exitValue() == 0).as("ssh-keygen").isTrue();
    }
    byte[] caKey = Files.readAllBytes(dir.resolve("ca"));
    authority = new SshCertificateAuthority(name -> caKey.clone(), "ssh-ca", Duration.ofHours(1), List.of(),
        Clock.systemUTC());
    // under /etc/ssh: sshd wants the principals directory and its parents owned by root
    etc = Files.createDirectories(Path.of("/etc/ssh", "drover-test-etc-" + java.util.UUID.randomUUID()));
    sshd = TestOpenSshd.startForRoot(etc, Files.readString(dir.resolve("root_key.pub")).strip(), ACCOUNT);
    Path inventory = Files.createDirectories(dir.resolve("inventory"));
    Files.writeString(inventory.resolve("hosts.yaml"), String.join("\n", "hosts:",
        "  app1: { address: 127.0.0.1, port: " + sshd.port() + ", user: " + ACCOUNT + ", auth: certificate,"
        + " hostKey: \"" + sshd.hostKey() + "\" }",
        "  app2: { address: 127.0.0.2, user: other, auth: certificate, hostKey: \"" + sshd.hostKey() + "\" }",
        "  app3: { address: 127.0.0.3, user: other, auth: certificate, hostKey: \"" + sshd.hostKey() + "\" }",
        "  krb1: { address: 127.0.0.1, port: " + sshd.port() + ", user: " + ACCOUNT + ", auth: kerberos,"
        + " credential: krb, hostKey: \"" + sshd.hostKey() + "\" }",
        "services:",
        "  payments: { primary: { site: ldn, hosts: [app1] }, standby: { site: nyc, hosts: [app2] } }",
        "  ledger: { primary: { site: ldn, hosts: [app2] }, standby: { site: nyc, hosts: [app3] } }",
        "  cards: { primary: { site: ldn, hosts: [krb1] }, standby: { site: nyc, hosts: [app3] } }", ""));
    Files.writeString(dir.resolve("ca.pub"), authority.trustLine() + "\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
    if (etc != null) {
      try (var files = Files.walk(etc)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    Files.deleteIfExists(Path.of("/home", ACCOUNT, ".k5login"));
  }

  @Test
  void anEnrolmentInstalledOverSshLetsTheServicesCertificateInAndNoOtherAndIsNotAddedTwice() throws Exception {
    assertThatThrownBy(() -> login("payments").close()).as("before: the host trusts no CA")
        .isInstanceOf(RemoteException.class);

    Cli first = enrol("app1", "--ca-public", dir.resolve("ca.pub").toString());
    assertThat(first.status()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("wrote " + etc + "/drover_user_ca.pub", "wrote " + etc + "/drover_principals/"
        + ACCOUNT, "made " + etc + "/drover_revoked_keys", "added to " + etc + "/sshd_config", "sshd reloaded");
    assertThat(Files.readString(etc.resolve("drover_principals").resolve(ACCOUNT))).isEqualTo("drover-payments\n");
    try (SshConnection connection = loginSoon("payments")) {
      assertThat(connection.isOpen()).isTrue();
    }
    assertThatThrownBy(() -> login("ledger").close()).as("another service's certificate")
        .isInstanceOf(RemoteException.class);
    assertThat(sshd.log("Certificate does not contain an authorized principal"))
        .contains("Certificate does not contain an authorized principal");

    Cli again = enrol("app1", "--ca-public", dir.resolve("ca.pub").toString());
    assertThat(again.status()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains(etc + "/sshd_config already has Drover's lines");
    String config = Files.readString(etc.resolve("sshd_config"));
    assertThat(config.lines().filter(l -> l.equals("TrustedUserCAKeys " + etc + "/drover_user_ca.pub"))).hasSize(1);
    try (SshConnection connection = loginSoon("payments")) {
      assertThat(connection.isOpen()).isTrue();
    }
  }

  @Test
  void aKerberosHostGetsItsK5loginAndGssapiAndAConfigurationSshdRefusesIsNotInstalled() throws Exception {
    Cli kerberos = enrol("krb1", "--realm", "EXAMPLE.ORG");
    assertThat(kerberos.status()).as(kerberos.out() + kerberos.err()).isZero();
    Path k5login = Path.of("/home", ACCOUNT, ".k5login");
    assertThat(Files.readString(k5login)).isEqualTo("drover-cards@EXAMPLE.ORG\n");
    assertThat(Files.getOwner(k5login).getName()).isEqualTo(ACCOUNT);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(k5login)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(etc.resolve("sshd_config")).lines()).contains("GSSAPIAuthentication yes");

    // an option sshd does not know: sshd -t refuses the new file, and the old one stays as it was
    String before = Files.readString(etc.resolve("sshd_config"));
    String broken = before.replace("GSSAPIAuthentication yes\n", "") + "NoSuchOption yes\n";
    Files.writeString(etc.resolve("sshd_config"), broken);
    try {
      Cli refused = enrol("krb1", "--realm", "EXAMPLE.ORG");
      assertThat(refused.status()).as(refused.out() + refused.err()).isEqualTo(1);
      assertThat(refused.err()).contains("the installation on krb1 stopped: error: sshd refuses the new"
          + " configuration, " + etc + "/sshd_config is unchanged");
      assertThat(Files.readString(etc.resolve("sshd_config"))).isEqualTo(broken);
      assertThat(etc.resolve("sshd_config.drover-new")).doesNotExist();
    } finally {
      Files.writeString(etc.resolve("sshd_config"), before);
    }
  }

  record Cli(int status, String out, String err) {
  }

  static Cli enrol(String host, String... more) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      List<String> arguments = new java.util.ArrayList<>(List.of("host", "enrol", host, "--inventory",
          dir.resolve("inventory").toString(), "--install", "--identity", dir.resolve("root_key").toString(),
          "--etc", etc.toString()));
      arguments.addAll(List.of(more));
      status = io.drover.cli.DroverCli.commandLine().execute(arguments.toArray(String[]::new));
      listening();
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Until sshd listens again: a reload makes it execute itself anew, and for a moment nothing listens. */
  static void listening() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", sshd.port()), 200);
        return;
      } catch (java.io.IOException notYet) {
        try {
          TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  static SshConnection login(String service) throws Exception {
    SshCertificateAuthority.Issued issued = authority.issue("run-" + service, service, "alice", null,
        List.of(SshCertificateAuthority.principal(service)), Duration.ofMinutes(5));
    return new SshConnector(new SshProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), null, null)).connect(
        new SshTarget("app1", "127.0.0.1", sshd.port(), ACCOUNT, issued.privateKey(),
        List.of(HostKeyPin.parse(sshd.hostKey())), issued.certificate()));
  }

  /** Logs in, again for a few seconds while sshd re-executes itself after the reload. */
  static SshConnection loginSoon(String service) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return login(service);
      } catch (RemoteException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
  }
}
