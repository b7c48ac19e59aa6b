package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.inventory.HostSpec;
import io.drover.inventory.Inventory;
import io.drover.remote.ExecResult;
import io.drover.remote.HostKeyPin;
import io.drover.remote.RemoteCommand;
import io.drover.remote.RemoteException;
import io.drover.remote.RemoteFailure;
import io.drover.remote.SshConnection;
import io.drover.remote.SshConnector;
import io.drover.remote.SshProperties;
import io.drover.remote.SshTarget;
import io.drover.step.FailureReason;
import io.drover.step.HostResolver;
import io.drover.step.RunRequester;
import io.drover.step.StepFailure;
import io.drover.support.TestKdc;
import io.drover.support.TestOpenSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kerberos ({@code gssapi-with-mic}) against a real MIT KDC and a real OpenSSH sshd with
 * {@code GSSAPIAuthentication yes}: a service's principal, from its keytab in the secret store, opens
 * the account whose {@code .k5login} lists it, and the host's own log names the principal; a
 * principal the account does not list is refused by sshd; no ticket is delegated to the host; a KDC
 * that does not answer and a keytab without the principal are said so.
 */
class KerberosLoginTest {

  static final String ACCOUNT = "drover-krb-test";
  static final String HOST_PRINCIPAL = "host/krb-login.drover.test";

  @TempDir
  static Path dir;

  static TestKdc kdc;
  static TestOpenSshd sshd;
  static KerberosTickets tickets;
  static Map<String, byte[]> secrets;
  /** The JVM's Kerberos configuration before this class: other tests' servers have their own. */
  static String before;

  @BeforeAll
  static void start() throws Exception {
    before = System.getProperty("java.security.krb5.conf");
    kdc = TestKdc.start(dir.resolve("kdc"));
    kdc.addPrincipals("drover-payments", "drover-ledger", "drover-payments/alice", HOST_PRINCIPAL);
    Path hostKeytab = kdc.keytab("host.keytab", HOST_PRINCIPAL);
    // Drover's keytab for the host: every service's principal that reaches it; not the host's own key
    Path droverKeytab = kdc.keytab("drover.keytab", "drover-payments", "drover-ledger", "drover-payments/alice");
    secrets = Map.of("krb-keytab", Files.readAllBytes(droverKeytab), "empty-keytab",
        Files.readAllBytes(kdc.keytab("empty.keytab", HOST_PRINCIPAL)));
    sshd = TestOpenSshd.startKerberos(Files.createDirectories(dir.resolve("sshd")), kdc.krb5Config(), hostKeytab,
        ACCOUNT, List.of("drover-payments@" + TestKdc.REALM, "drover-payments/alice@" + TestKdc.REALM));
    tickets = new KerberosTickets(KerberosLoginTest::secret, kdc.krb5Config().toString());
  }

  static byte[] secret(String name) {
    byte[] bytes = secrets.get(name);
    if (bytes == null) {
      throw new MissingCredentialException(name, "test store");
    }
    return bytes.clone();
  }

  @AfterAll
  static void stop() throws Exception {
    if (before == null) {
      System.clearProperty("java.security.krb5.conf");
    } else {
      System.setProperty("java.security.krb5.conf", before);
    }
    if (sshd != null) {
      sshd.close();
    }
    if (kdc != null) {
      kdc.close();
    }
  }

  @Test
  void theServicesPrincipalOpensTheAccountThatListsItAndTheHostLogsIt() throws Exception {
    try (SshConnection connection = connector().connect(target("drover-payments"))) {
      ExecResult result = connection.exec(RemoteCommand.of("id", "-un"), Duration.ofSeconds(10));
      assertThat(result.stdout().strip()).isEqualTo(ACCOUNT);
      // nothing was delegated: the session holds no ticket cache of Drover's
      // (the session's cache, where KRB5CCNAME names one, and any krb5cc_ file sshd would write)
      ExecResult cache = connection.exec(RemoteCommand.of("sh", "-c", "c=${KRB5CCNAME#FILE:}; "
          + "if [ -n \"$c\" ] && [ -e \"$c\" ]; then echo \"cache $c\"; fi; ls /tmp | grep krb5cc_ || true"),
          Duration.ofSeconds(10));
      assertThat(cache.stdout().strip()).as("credential caches in the session (" + cache.stderr() + ")").isEmpty();
    }
    assertThat(sshd.log()).contains("Authorized to " + ACCOUNT + ", krb5 principal drover-payments@" + TestKdc.REALM)
        .contains("Accepted gssapi-with-mic for " + ACCOUNT);
    assertThat(kdc.log()).contains("drover-payments@" + TestKdc.REALM + " for " + HOST_PRINCIPAL);
    // the keytab was a file only during the login: none is left in the server's directory for them
    try (var left = Files.list(Path.of("/dev/shm", "drover-krb5-" + ProcessHandle.current().pid()))) {
      assertThat(left.toList()).isEmpty();
    }
  }

  @Test
  void anAccountSetUpAsDroverHostEnrolSaysAcceptsItsServicesPrincipalOnly() throws Exception {
    Path inventoryDir = Files.createDirectories(dir.resolve("enrol-inventory"));
    Files.writeString(inventoryDir.resolve("hosts.yaml"), String.join("\n", "hosts:",
        "  krbhost: { address: 127.0.0.1, port: " + sshd.port() + ", user: " + ACCOUNT + ", auth: kerberos, credential:"
        + " krb-keytab, hostPrincipal: " + HOST_PRINCIPAL + ", hostKey: \"" + sshd.hostKey() + "\" }",
        "  other: { address: 127.0.0.2, user: drover, auth: kerberos, credential: krb-keytab, hostKey: \""
        + sshd.hostKey() + "\" }",
        "  third: { address: 127.0.0.3, user: drover, auth: kerberos, credential: krb-keytab, hostKey: \""
        + sshd.hostKey() + "\" }",
        "services:",
        "  payments: { primary: { site: ldn, hosts: [krbhost] }, standby: { site: nyc, hosts: [other] } }",
        "  ledger: { primary: { site: ldn, hosts: [other] }, standby: { site: nyc, hosts: [third] } }", ""));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.out;
    int status;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      status = io.drover.cli.DroverCli.commandLine().execute("host", "enrol", "krbhost", "--inventory",
          inventoryDir.toString(), "--realm", TestKdc.REALM);
    } finally {
      System.setOut(old);
    }
    String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(status).as(printed).isZero();
    assertThat(printed).contains("ktadd -k /etc/krb5.keytab " + HOST_PRINCIPAL, "GSSAPIAuthentication yes",
        "drover secret put krb-keytab --file FILE");
    List<String> lines = printed.lines().toList();
    int from = lines.indexOf(lines.stream().filter(l -> l.startsWith("# 2.")).findFirst().orElseThrow());
    int to = lines.indexOf(lines.stream().filter(l -> l.startsWith("# 3.")).findFirst().orElseThrow());
    List<String> k5login = lines.subList(from + 1, to);
    assertThat(k5login).containsExactly("drover-payments@" + TestKdc.REALM);
    Path file = Path.of("/home", ACCOUNT, ".k5login");
    String before = Files.readString(file);
    try {
      Files.writeString(file, String.join("\n", k5login) + "\n");
      try (SshConnection connection = connector().connect(target("drover-payments"))) {
        assertThat(connection.exec(RemoteCommand.of("true"), Duration.ofSeconds(10)).succeeded()).isTrue();
      }
      assertThatThrownBy(() -> connector().connect(target("drover-ledger"))).isInstanceOf(RemoteException.class);
    } finally {
      Files.writeString(file, before);
    }
  }

  @Test
  void aPrincipalTheAccountDoesNotListIsRefusedBySshd() throws Exception {
    assertThatThrownBy(() -> connector().connect(target("drover-ledger"))).isInstanceOfSatisfying(
        RemoteException.class, e -> {
          assertThat(e.reason()).isEqualTo(RemoteFailure.AUTHENTICATION_FAILED);
          assertThat(e.getMessage()).contains("Kerberos principal drover-ledger@" + TestKdc.REALM);
        });
    assertThat(sshd.log("Failed gssapi-with-mic for " + ACCOUNT))
        .contains("Failed gssapi-with-mic for " + ACCOUNT);
  }

  @Test
  void aRunLogsInAsItsServicesPrincipalOrItsRequestersInstanceAndTheJournalNamesIt() throws Exception {
    HostSpec host = host("drover-{service}");
    HostResolver resolver = resolver(host, new RunRequester.Who("payments", "alice", "bob"));
    SshTarget target = resolver.target(host, "run-k1");
    assertThat(target.kerberos().principal()).isEqualTo("drover-payments@" + TestKdc.REALM);
    assertThat(target.privateKey()).isNull();
    assertThat(resolver.credentialOf("run-k1", "krbhost")).isEqualTo("kerberos principal drover-payments@"
        + TestKdc.REALM);
    // the same ticket for the run's next session, not a new login
    assertThat(resolver.target(host, "run-k1").kerberos().credential()).isSameAs(target.kerberos().credential());

    HostSpec perUser = host("drover-{service}/{requester}");
    SshTarget alice = resolver(perUser, new RunRequester.Who("payments", "alice", null)).target(perUser, "run-k2");
    try (SshConnection connection = connector().connect(alice)) {
      assertThat(connection.exec(RemoteCommand.of("true"), Duration.ofSeconds(10)).succeeded()).isTrue();
    }
    assertThat(sshd.log("krb5 principal drover-payments/alice@")).contains("krb5 principal drover-payments/alice@"
        + TestKdc.REALM);
  }

  @Test
  void aKeytabWithoutThePrincipalAndAKdcThatDoesNotAnswerAreSaidSo() throws Exception {
    HostSpec host = new HostSpec("krbhost", "127.0.0.1", sshd.port(), ACCOUNT, "empty-keytab",
        List.of(HostKeyPin.parse(sshd.hostKey())), HostSpec.Auth.KERBEROS,
        new HostSpec.Kerberos("drover-{service}", HOST_PRINCIPAL));
    assertThatThrownBy(() -> resolver(host, new RunRequester.Who("payments", "alice", null)).target(host, "run-k3"))
        .isInstanceOfSatisfying(StepFailure.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.AUTHENTICATION_FAILED);
          assertThat(e.getMessage()).contains("Kerberos login of drover-payments with keytab 'empty-keytab' failed",
              "the keytab holds no key of this principal");
        });
    Path dead = dir.resolve("dead-krb5.conf");
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Files.writeString(dead, Files.readString(kdc.krb5Config()).replaceAll("kdc = 127\\.0\\.0\\.1:\\d+",
        "kdc = 127.0.0.1:" + closed));
    KerberosTickets unreachable = new KerberosTickets(KerberosLoginTest::secret, dead.toString());
    assertThatThrownBy(() -> unreachable.credential("krb-keytab", "drover-ledger"))
        .hasMessageContaining("the KDC did not answer");
  }

  static HostSpec host(String principal) throws Exception {
    return new HostSpec("krbhost", "127.0.0.1", sshd.port(), ACCOUNT, "krb-keytab",
        List.of(HostKeyPin.parse(sshd.hostKey())), HostSpec.Auth.KERBEROS, new HostSpec.Kerberos(principal,
        HOST_PRINCIPAL));
  }

  static HostResolver resolver(HostSpec host, RunRequester.Who who) {
    Inventory inventory = new Inventory(Map.of(), Map.of(host.name(), host));
    return new HostResolver(inventory, KerberosLoginTest::secret, null, runId -> Optional.of(who), Duration.ZERO,
        StaticKeys.allowed(), null, tickets);
  }

  static SshTarget target(String principal) throws Exception {
    var credential = tickets.credential("krb-keytab", principal);
    return new SshTarget("krbhost", "127.0.0.1", sshd.port(), ACCOUNT, List.of(HostKeyPin.parse(sshd.hostKey())),
        new io.drover.remote.KerberosLogin(credential.getName().toString(), credential, HOST_PRINCIPAL));
  }

  static SshConnector connector() {
    return new SshConnector(new SshProperties(Duration.ofSeconds(5), Duration.ofSeconds(20), 4096, null));
  }
}
