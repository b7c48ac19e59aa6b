package io.drover.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real MIT Kerberos KDC (Debian's krb5-kdc and krb5-admin-server, installed by ops/test-deps.sh)
 * of its own realm on a free loopback port, with its database, kdc.conf and a krb5.conf for clients
 * in one directory. Fails loudly when the programs are missing.
 */
public final class TestKdc implements AutoCloseable {

  public static final String REALM = "DROVER.TEST";

  private final Path dir;
  private final Process process;
  private final Map<String, String> environment;

  private TestKdc(Path dir, Process process, Map<String, String> environment) {
    this.dir = dir;
    this.process = process;
    this.environment = environment;
  }

  public static TestKdc start(Path dir) throws Exception {
    for (String program : List.of("/usr/sbin/krb5kdc", "/usr/sbin/kdb5_util", "/usr/sbin/kadmin.local")) {
      if (!Files.isExecutable(Path.of(program))) {
        throw new IllegalStateException(program + " is missing: run ops/test-deps.sh (apt-get install krb5-kdc"
            + " krb5-admin-server)");
      }
    }
    Files.createDirectories(dir);
    int port = freePort();
    Files.writeString(dir.resolve("kdc.conf"), String.join("\n", "[kdcdefaults]", "  kdc_ports = " + port,
        "  kdc_tcp_ports = " + port, "[realms]", "  " + REALM + " = {", "    database_name = " + dir.resolve("principal"),
        "    key_stash_file = " + dir.resolve("stash"), "    acl_file = " + dir.resolve("kadm5.acl"),
        "    max_life = 10h 0m 0s", "    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal",
        "  }", "[logging]", "  kdc = FILE:" + dir.resolve("kdc.log"), ""));
    Files.writeString(dir.resolve("kadm5.acl"), "");
    Files.writeString(dir.resolve("krb5.conf"), String.join("\n", "[libdefaults]", "  default_realm = " + REALM,
        "  dns_lookup_kdc = false", "  dns_lookup_realm = false", "  rdns = false", "  dns_canonicalize_hostname = false",
        "  udp_preference_limit = 1", "  kdc_timeout = 3000", "  max_retries = 1", "[realms]", "  " + REALM + " = {",
        "    kdc = 127.0.0.1:" + port, "  }", ""));
    Map<String, String> environment = Map.of("KRB5_CONFIG", dir.resolve("krb5.conf").toString(), "KRB5_KDC_PROFILE",
        dir.resolve("kdc.conf").toString());
    run(environment, "/usr/sbin/kdb5_util", "create", "-s", "-r", REALM, "-P", "test-master-" + System.nanoTime());
    ProcessBuilder builder = new ProcessBuilder("/usr/sbin/krb5kdc", "-n", "-r", REALM).redirectErrorStream(true)
        .redirectOutput(dir.resolve("krb5kdc.out").toFile());
    builder.environment().putAll(environment);
    TestKdc kdc = new TestKdc(dir, builder.start(), environment);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!kdc.process.isAlive()) {
        throw new IllegalStateException("krb5kdc exited: " + Files.readString(dir.resolve("krb5kdc.out")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return kdc;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
    kdc.close();
    throw new IllegalStateException("krb5kdc did not listen within 20 s: " + Files.readString(dir.resolve("krb5kdc.out")));
  }

  /** Adds principals with random keys ({@code drover-payments}, {@code host/db1.example.org}). */
  public void addPrincipals(String... principals) throws Exception {
    for (String principal : principals) {
      run(environment, "/usr/sbin/kadmin.local", "-r", REALM, "-q", "addprinc -randkey " + principal);
    }
  }

  /** Writes the keys of {@code principals} to a new keytab file. */
  public Path keytab(String file, String... principals) throws Exception {
    Path keytab = dir.resolve(file);
    Files.deleteIfExists(keytab);
    for (String principal : principals) {
      run(environment, "/usr/sbin/kadmin.local", "-r", REALM, "-q", "ktadd -norandkey -k " + keytab + " " + principal);
    }
    return keytab;
  }

  /** The krb5.conf naming this realm and its KDC. */
  public Path krb5Config() {
    return dir.resolve("krb5.conf");
  }

  /** What the KDC logged so far (its AS_REQ and TGS_REQ lines name every principal). */
  public String log() throws IOException {
    Path log = dir.resolve("kdc.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private static int freePort() throws IOException {
    // a port free for TCP and UDP both
    for (int i = 0; i < 20; i++) {
      try (java.net.ServerSocket tcp = new java.net.ServerSocket(0)) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(port)) {
          return port;
        } catch (IOException taken) {
          // another one
        }
      }
    }
    throw new IOException("no free port for the KDC");
  }

  private static void run(Map<String, String> environment, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || output.contains("rror")) {
      throw new IllegalStateException(String.join(" ", new ArrayList<>(List.of(command))) + " failed: " + output);
    }
  }
}
