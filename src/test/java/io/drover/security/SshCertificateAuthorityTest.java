package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.inventory.Inventory;
import io.drover.remote.Ed25519Key;
import io.drover.remote.ExecResult;
import io.drover.remote.HostKeyPin;
import io.drover.remote.RemoteCommand;
import io.drover.remote.RemoteException;
import io.drover.remote.RemoteFailure;
import io.drover.remote.SshConnection;
import io.drover.remote.SshConnector;
import io.drover.remote.SshProperties;
import io.drover.remote.SshTarget;
import io.drover.support.TestOpenSshd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-run SSH certificates from Drover's CA against a real OpenSSH sshd that trusts the CA and lists,
 * for its account, the principal of service payments only: a run's certificate opens the account and
 * sshd logs the run's key id; another service's certificate, one used from another address, and an
 * expired one are refused by sshd itself.
 */
class SshCertificateAuthorityTest {

  static final String ACCOUNT = "drover-cert-test";

  @TempDir
  static Path dir;

  static TestOpenSshd sshd;
  static CredentialStore store;
  static byte[] caKey;

  @BeforeAll
  static void start() throws Exception {
    // the CA as an operator makes it: ssh-keygen, then into the secret store
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "drover-ca", "-f",
        dir.resolve("ca").toString()).redirectErrorStream(true).start();
    assertThat(keygen.waitFor(30, TimeUnit.SECONDS) && keygen.exitValue() == 0).as("ssh-keygen").isTrue();
    caKey = Files.readAllBytes(dir.resolve("ca"));
    store = name -> {
      if (!name.equals("ssh-ca")) {
        throw new MissingCredentialException(name, "test store");
      }
      return caKey.clone();
    };
    sshd = TestOpenSshd.start(dir, authority(Clock.systemUTC(), List.of()).trustLine(), ACCOUNT,
        List.of(SshCertificateAuthority.principal("payments")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
  void aRunsCertificateOpensTheAccountAndTheHostLogsWhoActed() throws Exception {
    SshCertificateAuthority.Issued issued = authority(Clock.systemUTC(), List.of("127.0.0.1")).issue(
        "8f0c3b1e-0000-4000-8000-000000000001", "payments", "alice", "bob",
        List.of(SshCertificateAuthority.principal("payments")), Duration.ofMinutes(30));
    assertThat(issued.keyId()).isEqualTo("drover run=8f0c3b1e-0000-4000-8000-000000000001 service=payments by=alice"
        + " approved=bob");
    assertThat(issued.validBefore()).isBefore(Instant.now().plus(Duration.ofMinutes(31)));
    try (SshConnection connection = connector().connect(target(issued))) {
      ExecResult result = connection.exec(RemoteCommand.of("id", "-un"), Duration.ofSeconds(10));
      assertThat(result.stdout().strip()).isEqualTo(ACCOUNT);
    }
    assertThat(sshd.log()).contains("Accepted certificate ID \"" + issued.keyId() + "\" (serial " + issued.serial()
        + ")");
    // what ssh-keygen reads in it: the principal, the source address, and no extension (no pty, no forwarding)
    Files.writeString(dir.resolve("issued-cert.pub"), issued.certificate() + "\n");
    Process show = new ProcessBuilder("ssh-keygen", "-L", "-f", dir.resolve("issued-cert.pub").toString())
        .redirectErrorStream(true).start();
    String shown = new String(show.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(shown).contains("user certificate", "drover-payments", "source-address 127.0.0.1",
        "Extensions: (none)", "Serial: " + issued.serial());
  }

  @Test
  void anotherServicesCertificateIsRefusedOnThisAccount() throws Exception {
    SshCertificateAuthority.Issued ledger = authority(Clock.systemUTC(), List.of()).issue("run-l", "ledger", "alice",
        null, List.of(SshCertificateAuthority.principal("ledger")), Duration.ofMinutes(5));
    assertThatThrownBy(() -> connector().connect(target(ledger))).isInstanceOfSatisfying(RemoteException.class,
        e -> assertThat(e.reason()).isEqualTo(RemoteFailure.AUTHENTICATION_FAILED));
    assertThat(sshd.log("Certificate does not contain an authorized principal"))
        .contains("Certificate does not contain an authorized principal");
  }

  @Test
  void aCertificateUsedFromAnotherAddressIsRefused() throws Exception {
    SshCertificateAuthority.Issued elsewhere = authority(Clock.systemUTC(), List.of("192.0.2.10")).issue("run-s",
        "payments", "alice", "bob", List.of(SshCertificateAuthority.principal("payments")), Duration.ofMinutes(5));
    assertThatThrownBy(() -> connector().connect(target(elsewhere))).isInstanceOfSatisfying(RemoteException.class,
        e -> assertThat(e.reason()).isEqualTo(RemoteFailure.AUTHENTICATION_FAILED));
    assertThat(sshd.log("not from a permitted source address"))
        .contains("not from a permitted source address");
  }

  @Test
  void anExpiredCertificateIsRefused() throws Exception {
    Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    SshCertificateAuthority.Issued expired = authority(twoHoursAgo, List.of()).issue("run-e", "payments", "alice",
        "bob", List.of(SshCertificateAuthority.principal("payments")), Duration.ofHours(1));
    assertThatThrownBy(() -> connector().connect(target(expired))).isInstanceOfSatisfying(RemoteException.class,
        e -> assertThat(e.reason()).isEqualTo(RemoteFailure.AUTHENTICATION_FAILED));
    assertThat(sshd.log("Certificate invalid: expired"))
        .contains("Certificate invalid: expired");
  }

  @Test
  void noCertificateOutlivesTheLongestValidityAndTheCaKeyIsReadAsSshKeygenWritesIt() {
    SshCertificateAuthority.Issued issued = authority(Clock.systemUTC(), List.of()).issue("run-v", "payments", "a b",
        "c=d", List.of("drover-payments"), Duration.ofDays(30));
    assertThat(issued.validBefore()).isBefore(Instant.now().plus(Duration.ofHours(2).plusMinutes(1)));
    assertThat(issued.keyId()).isEqualTo("drover run=run-v service=payments by=a_b approved=c_d");
    assertThat(Ed25519Key.parse(caKey).publicLine(null))
        .isEqualTo(authority(Clock.systemUTC(), List.of()).trustLine().replace(" drover-ca", ""));
    assertThat(new String(issued.privateKey(), StandardCharsets.US_ASCII)).startsWith(
        "-----BEGIN OPENSSH PRIVATE KEY-----");
  }

  @Test
  void aRunOnACertificateHostLogsInWithItsOwnCertificateReusedForItsSessionsAndAPreflightWithAShortOne()
      throws Exception {
    Path inventoryDir = Files.createDirectories(dir.resolve("inventory"));
    Files.writeString(inventoryDir.resolve("cert.yaml"), String.join("\n", "hosts:", "  certhost:",
        "    address: 127.0.0.1", "    port: " + sshd.port(), "    user: " + ACCOUNT, "    auth: certificate",
        "    hostKey: " + sshd.hostKey(), "  certhost2:", "    address: 127.0.0.1", "    port: " + sshd.port(),
        "    user: " + ACCOUNT, "    auth: certificate", "    hostKey: " + sshd.hostKey(), "services:", "  payments:",
        "    primary: { site: ldn, hosts: [certhost] }", "    standby: { site: nyc, hosts: [certhost2] }", ""));
    io.drover.inventory.Inventory inventory = new io.drover.inventory.InventoryLoader(null).load(inventoryDir);
    io.drover.inventory.HostSpec host = inventory.host("certhost").orElseThrow();
    assertThat(host.certificate()).isTrue();
    assertThat(host.credential()).as("a certificate host needs no static key").isNull();
    java.util.Map<String, io.drover.step.RunRequester.Who> runs = java.util.Map.of(
        "run-one", new io.drover.step.RunRequester.Who("payments", "alice", "bob"),
        "run-two", new io.drover.step.RunRequester.Who("payments", "carol", null));
    io.drover.step.HostResolver hosts = new io.drover.step.HostResolver(inventory, store,
        authority(Clock.systemUTC(), List.of()), id -> java.util.Optional.ofNullable(runs.get(id)), Duration.ofHours(1),
        StaticKeys.allowed(), null);
    SshTarget first = hosts.target(host, "run-one");
    assertThat(hosts.target(host, "run-one").certificate()).as("one certificate per run and host")
        .isEqualTo(first.certificate());
    assertThat(hosts.target(host, "run-two").certificate()).isNotEqualTo(first.certificate());
    try (SshConnection connection = connector().connect(first)) {
      assertThat(connection.exec(RemoteCommand.of("true"), Duration.ofSeconds(10)).succeeded()).isTrue();
    }
    try (SshConnection connection = connector().connect(hosts.target(host, "run-two"))) {
      assertThat(connection.exec(RemoteCommand.of("true"), Duration.ofSeconds(10)).succeeded()).isTrue();
    }
    assertThat(sshd.log()).contains("ID \"drover run=run-one service=payments by=alice approved=bob\"")
        .contains("ID \"drover run=run-two service=payments by=carol approved=none\"");
    hosts.beginCheck("preflight-1", "payments");
    try (SshConnection connection = connector().connect(hosts.target(host, "preflight-1"))) {
      assertThat(connection.exec(RemoteCommand.of("true"), Duration.ofSeconds(10)).succeeded()).isTrue();
    }
    hosts.endCheck("preflight-1");
    assertThat(sshd.log()).contains("ID \"drover run=preflight-1 service=payments by=preflight approved=none\"");
    assertThatThrownBy(() -> hosts.target(host, "preflight-1")).isInstanceOf(io.drover.step.StepFailure.class)
        .hasMessageContaining("run preflight-1 is unknown");
    assertThatThrownBy(() -> hosts.target(host)).isInstanceOf(io.drover.step.StepFailure.class)
        .hasMessageContaining("takes certificates");
    assertThatThrownBy(() -> new io.drover.step.HostResolver(inventory, store).target(host, "run-one"))
        .isInstanceOf(io.drover.step.StepFailure.class).hasMessageContaining("this server has no SSH CA");
  }

  @Test
  void aGatekeeperThatNoServicesSitesIncludeIsEnrolledForTheServicesNamedWithService() throws Exception {
    Path inventoryDir = Files.createDirectories(dir.resolve("gatekeeper-inventory"));
    Files.writeString(inventoryDir.resolve("hosts.yaml"), String.join("\n", "hosts:",
        "  app1: { address: 127.0.0.1, user: app, auth: certificate, hostKey: \"" + sshd.hostKey() + "\" }",
        "  app2: { address: 127.0.0.2, user: app, auth: certificate, hostKey: \"" + sshd.hostKey() + "\" }",
        "  gk: { address: 127.0.0.9, user: storage, auth: certificate, hostKey: \"" + sshd.hostKey() + "\" }",
        "services:",
        "  payments: { primary: { site: ldn, hosts: [app1] }, standby: { site: nyc, hosts: [app2] } }", ""));
    Files.writeString(dir.resolve("gk-ca.pub"), authority(Clock.systemUTC(), List.of()).trustLine() + "\n");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream oldOut = System.out;
    java.io.PrintStream oldErr = System.err;
    int alone;
    int named;
    int unknown;
    System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      alone = io.drover.cli.DroverCli.commandLine().execute("host", "enrol", "gk", "--inventory",
          inventoryDir.toString(), "--ca-public", dir.resolve("gk-ca.pub").toString());
      String first = out.toString(StandardCharsets.UTF_8);
      assertThat(first).contains("name with --service the services whose steps reach it");
      assertThat(first.lines().filter(l -> l.startsWith("drover-"))).isEmpty();
      out.reset();
      named = io.drover.cli.DroverCli.commandLine().execute("host", "enrol", "gk", "--inventory",
          inventoryDir.toString(), "--ca-public", dir.resolve("gk-ca.pub").toString(), "--service", "payments");
      assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("drover-")))
          .containsExactly("drover-payments");
      unknown = io.drover.cli.DroverCli.commandLine().execute("host", "enrol", "gk", "--inventory",
          inventoryDir.toString(), "--ca-public", dir.resolve("gk-ca.pub").toString(), "--service", "paymnets");
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    assertThat(alone).isZero();
    assertThat(named).isZero();
    assertThat(unknown).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("drover host enrol: no service 'paymnets' in the"
        + " inventory");
  }

  @Test
  void aHostSetUpAsDroverHostEnrolSaysAcceptsTheRunsOfItsServicesOnly() throws Exception {
    Path inventoryDir = Files.createDirectories(dir.resolve("enrol-inventory"));
    Files.writeString(inventoryDir.resolve("hosts.yaml"), String.join("\n", "hosts:",
        "  app1: { address: 127.0.0.1, user: " + ACCOUNT + ", auth: certificate, hostKey: \"" + sshd.hostKey() + "\" }",
        "  app2: { address: 127.0.0.2, user: other, auth: certificate, hostKey: \"" + sshd.hostKey() + "\" }",
        "  app3: { address: 127.0.0.3, user: other, auth: certificate, hostKey: \"" + sshd.hostKey() + "\" }",
        "services:",
        "  payments: { primary: { site: ldn, hosts: [app1] }, standby: { site: nyc, hosts: [app2] } }",
        "  ledger: { primary: { site: ldn, hosts: [app1] }, standby: { site: nyc, hosts: [app3] } }",
        "  cards: { primary: { site: ldn, hosts: [app2] }, standby: { site: nyc, hosts: [app3] } }", ""));
    Files.writeString(dir.resolve("enrol-ca.pub"), authority(Clock.systemUTC(), List.of()).trustLine() + "\n");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.out;
    int status;
    System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      status = io.drover.cli.DroverCli.commandLine().execute("host", "enrol", "app1", "--inventory",
          inventoryDir.toString(), "--ca-public", dir.resolve("enrol-ca.pub").toString());
    } finally {
      System.setOut(old);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(printed).isZero();
    List<String> lines = printed.lines().toList();
    String caLine = lines.get(lines.indexOf(lines.stream().filter(l -> l.startsWith("# 1.")).findFirst().orElseThrow())
        + 1);
    List<String> principals = lines.stream().filter(l -> l.startsWith("drover-")).toList();
    assertThat(principals).as("the services on app1").containsExactly("drover-ledger", "drover-payments");
    assertThat(printed).contains("TrustedUserCAKeys " + HostEnrolment.CA_FILE,
        "AuthorizedPrincipalsFile " + HostEnrolment.PRINCIPALS_DIR + "/%u", "RevokedKeys " + HostEnrolment.REVOKED_FILE, HostEnrolment.PRINCIPALS_DIR + "/" + ACCOUNT);
    // a second sshd set up from exactly what enrol printed
    Path enrolled = Files.createDirectories(dir.resolve("enrolled"));
    try (TestOpenSshd host = TestOpenSshd.start(enrolled, caLine, ACCOUNT, principals)) {
      for (String service : List.of("ledger", "cards")) {
        SshCertificateAuthority.Issued issued = authority(Clock.systemUTC(), List.of()).issue("run-" + service, service,
            "alice", "bob", List.of(SshCertificateAuthority.principal(service)), Duration.ofMinutes(5));
        SshTarget target = new SshTarget("app1", "127.0.0.1", host.port(), ACCOUNT, issued.privateKey(),
            List.of(HostKeyPin.parse(host.hostKey())), issued.certificate());
        if (service.equals("ledger")) {
          try (SshConnection connection = connector().connect(target)) {
            assertThat(connection.exec(RemoteCommand.of("true"), Duration.ofSeconds(10)).succeeded()).isTrue();
          }
        } else {
          assertThatThrownBy(() -> connector().connect(target)).as("cards does not run on app1")
              .isInstanceOf(RemoteException.class);
        }
      }
    }
  }

  @Test
  void runsLogInBeforeDuringAndAfterACaRolloverAndARevocationCoversBothCas() throws Exception {
    // the new CA, made as the old one was; the server signs with the old one until it is switched
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "drover-ca-2", "-f",
        dir.resolve("ca2").toString()).redirectErrorStream(true).start();
    assertThat(keygen.waitFor(30, TimeUnit.SECONDS) && keygen.exitValue() == 0).as("ssh-keygen").isTrue();
    byte[] caKey2 = Files.readAllBytes(dir.resolve("ca2"));
    CredentialStore both = name -> switch (name) {
      case "ssh-ca" -> caKey.clone();
      case "ssh-ca-2" -> caKey2.clone();
      default -> throw new MissingCredentialException(name, "test store");
    };
    SshCertificateAuthority old = new SshCertificateAuthority(both, "ssh-ca", Duration.ofHours(2), List.of(),
        Clock.systemUTC());
    SshCertificateAuthority switched = new SshCertificateAuthority(both, "ssh-ca-2", "ssh-ca", Duration.ofHours(2),
        List.of(), Clock.systemUTC());
    List<String> principal = List.of(SshCertificateAuthority.principal("payments"));

    // before: the host trusts the old CA only
    SshCertificateAuthority.Issued running = old.issue("run-before", "payments", "alice", "bob", principal,
        Duration.ofHours(1));
    try (SshConnection connection = connector().connect(target(running))) {
      assertThat(connection.exec(RemoteCommand.of("true"), Duration.ofSeconds(10)).succeeded()).isTrue();
    }
    SshCertificateAuthority.Issued tooEarly = switched.issue("run-early", "payments", "alice", "bob", principal,
        Duration.ofMinutes(5));
    assertThatThrownBy(() -> connector().connect(target(tooEarly))).as("a host not yet enrolled with the new CA")
        .isInstanceOf(RemoteException.class);

    // during: the host trusts both CAs, as drover host enrol --ca-public ca.pub --ca-public ca2.pub prints them;
    // a run certified by the old CA before the switch and a run certified by the new one both log in
    Inventory inventory = new io.drover.inventory.InventoryLoader(null).load(inventoryOf(sshd.port()));
    String enrol = HostEnrolment.text(inventory, inventory.host("app1").orElseThrow(), List.of(old.trustLine(),
        switched.trustLine()));
    assertThat(enrol).contains("the CAs it trusts during the rollover, one per line\n" + old.trustLine() + "\n"
        + switched.trustLine() + "\n");
    SshCertificateAuthority.Issued afterSwitch = switched.issue("run-during", "payments", "carol", "bob", principal,
        Duration.ofHours(1));
    try (TestOpenSshd during = TestOpenSshd.start(Files.createDirectories(dir.resolve("rollover-during")),
        old.trustLine() + "\n" + switched.trustLine(), ACCOUNT, principal)) {
      for (SshCertificateAuthority.Issued issued : List.of(running, afterSwitch)) {
        try (SshConnection connection = connector().connect(target(issued, during))) {
          assertThat(connection.exec(RemoteCommand.of("true"), Duration.ofSeconds(10)).succeeded()).isTrue();
        }
      }
      assertThat(during.log()).contains("Accepted certificate ID \"" + running.keyId() + "\"")
          .contains("Accepted certificate ID \"" + afterSwitch.keyId() + "\"");
    }

    // after: the old CA's line is gone; only the new CA's certificates log in
    try (TestOpenSshd after = TestOpenSshd.start(Files.createDirectories(dir.resolve("rollover-after")),
        switched.trustLine(), ACCOUNT, principal)) {
      SshCertificateAuthority.Issued later = switched.issue("run-after", "payments", "carol", "bob", principal,
          Duration.ofMinutes(5));
      try (SshConnection connection = connector().connect(target(later, after))) {
        assertThat(connection.exec(RemoteCommand.of("true"), Duration.ofSeconds(10)).succeeded()).isTrue();
      }
      assertThatThrownBy(() -> connector().connect(target(running, after))).as("the old CA's certificate")
          .isInstanceOfSatisfying(RemoteException.class, e -> assertThat(e.reason())
              .isEqualTo(RemoteFailure.AUTHENTICATION_FAILED));
    }

    // while both are trusted, a revocation names the serial under each CA
    Path krl = dir.resolve("rollover.krl");
    Files.write(krl, io.drover.remote.KeyRevocationList.of(switched.trustedPublicBlobs(), 1, Instant.now(),
        List.of(running.serial(), afterSwitch.serial()), List.of(), "test"));
    for (SshCertificateAuthority.Issued issued : List.of(running, afterSwitch)) {
      Path cert = dir.resolve("rollover-" + issued.serial() + "-cert.pub");
      Files.writeString(cert, issued.certificate() + "\n");
      Process query = new ProcessBuilder("ssh-keygen", "-Q", "-f", krl.toString(), cert.toString())
          .redirectErrorStream(true).start();
      String answer = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      query.waitFor(30, TimeUnit.SECONDS);
      assertThat(answer).as(issued.keyId()).contains("REVOKED");
    }
  }

  private static SshTarget target(SshCertificateAuthority.Issued issued, TestOpenSshd host) throws Exception {
    return new SshTarget("cert-host", "127.0.0.1", host.port(), ACCOUNT, issued.privateKey(),
        List.of(HostKeyPin.parse(host.hostKey())), issued.certificate());
  }

  private static Path inventoryOf(int port) throws Exception {
    Path inventoryDir = Files.createDirectories(dir.resolve("rollover-inventory"));
    Files.writeString(inventoryDir.resolve("app.yaml"), String.join("\n", "hosts:", "  app1:", "    address: 127.0.0.1",
        "    port: " + port, "    user: " + ACCOUNT, "    auth: certificate", "    hostKey: \"" + sshd.hostKey() + "\"",
        "  app2:", "    address: 127.0.0.1", "    port: " + port, "    user: " + ACCOUNT, "    auth: certificate",
        "    hostKey: \"" + sshd.hostKey() + "\"",
        "services:", "  payments:", "    primary: { site: ldn, hosts: [app1] }", "    standby: { site: nyc, hosts: [app2] }",
        ""));
    return inventoryDir;
  }

  private static SshCertificateAuthority authority(Clock clock, List<String> sources) {
    return new SshCertificateAuthority(store, "ssh-ca", Duration.ofHours(2), sources, clock);
  }

  private static SshConnector connector() {
    return new SshConnector(new SshProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), null, null));
  }

  private static SshTarget target(SshCertificateAuthority.Issued issued) throws Exception {
    return new SshTarget("cert-host", "127.0.0.1", sshd.port(), ACCOUNT, issued.privateKey(),
        List.of(HostKeyPin.parse(sshd.hostKey())), issued.certificate());
  }
}
