package io.drover.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH sshd (Debian's openssh-server, installed by ops/test-deps.sh) on a free loopback
 * port, trusting one user CA: {@code TrustedUserCAKeys}, an {@code AuthorizedPrincipalsFile} per
 * account (in a root-owned directory, as sshd's strict modes want), no authorized_keys, verbose log.
 * Needs root. Fails loudly when sshd is missing.
 */
public final class TestOpenSshd implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final Path principals;
  private final int port;

  private TestOpenSshd(Process process, Path dir, Path principals, int port) {
    this.process = process;
    this.dir = dir;
    this.principals = principals;
    this.port = port;
  }

  /**
   * @param caLine the CA's public key line for TrustedUserCAKeys
   * @param user an account to create if missing ({@code useradd -m -p '*'})
   * @param accepted the principals that account accepts
   */
  public static TestOpenSshd start(Path dir, String caLine, String user, List<String> accepted) throws Exception {
    prepare(dir, user);
    Path principals = Path.of("/etc/ssh/drover-test-principals-" + ProcessHandle.current().pid() + "-"
        + java.util.UUID.randomUUID());
    Files.createDirectories(principals);
    Files.writeString(principals.resolve(user), String.join("\n", accepted) + "\n");
    // the revocation list, empty at first, written by the account as drover ca revoke publishes it
    Path revoked = Files.createFile(principals.resolve("revoked_keys"));
    if (run("chown", user, revoked.toString()) != 0) {
      throw new IllegalStateException("cannot give " + revoked + " to " + user);
    }
    Files.writeString(dir.resolve("ca.pub"), caLine + "\n");
    return launch(dir, principals, Map.of(), "AuthorizedKeysFile none", "TrustedUserCAKeys " + dir.resolve("ca.pub"),
        "AuthorizedPrincipalsFile " + principals + "/%u", "RevokedKeys " + revoked);
  }

  /**
   * An sshd that accepts only Kerberos ({@code GSSAPIAuthentication yes}) with the host keytab
   * {@code hostKeytab}, in the realm {@code krb5Config} names.
   *
   * @param accepted the principals {@code user}'s {@code .k5login} lists
   */
  public static TestOpenSshd startKerberos(Path dir, Path krb5Config, Path hostKeytab, String user,
      List<String> accepted) throws Exception {
    prepare(dir, user);
    Path k5login = Path.of("/home", user, ".k5login");
    Files.writeString(k5login, String.join("\n", accepted) + "\n");
    if (run("chown", user, k5login.toString()) != 0) {
      throw new IllegalStateException("cannot give " + k5login + " to " + user);
    }
    return launch(dir, null, Map.of("KRB5_CONFIG", krb5Config.toString(), "KRB5_KTNAME", "FILE:" + hostKeytab,
        "KRB5RCACHETYPE", "none"), "AuthorizedKeysFile none", "PubkeyAuthentication no", "GSSAPIAuthentication yes",
        "GSSAPIStrictAcceptorCheck no", "GSSAPICleanupCredentials yes");
  }

  /**
   * An sshd on which root logs in with {@code rootKeyLine} (as an operator enrolling the host would),
   * with its sshd_config in {@code etc}: the directory {@code drover host enrol --install --etc} writes.
   * Makes {@code account} too, for the enrolment to name.
   */
  public static TestOpenSshd startForRoot(Path etc, String rootKeyLine, String account) throws Exception {
    prepare(etc, account);
    Files.writeString(etc.resolve("root_keys"), rootKeyLine + "\n");
    return launch(etc, null, Map.of(), "PermitRootLogin prohibit-password", "StrictModes no",
        "AuthorizedKeysFile " + etc.resolve("root_keys"));
  }

  /** Checks for sshd, makes the account if missing and the host's key. */
  private static void prepare(Path dir, String user) throws Exception {
    Path sshd = Path.of("/usr/sbin/sshd");
    if (!Files.isExecutable(sshd)) {
      throw new IllegalStateException("OpenSSH's sshd is missing: run ops/test-deps.sh (apt-get install openssh-server)");
    }
    Files.createDirectories(Path.of("/run/sshd"));
    if (run("id", user) != 0 && run("useradd", "-m", "-p", "*", user) != 0) {
      throw new IllegalStateException("cannot create the test account " + user + " (the test needs root)");
    }
    if (run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString()) != 0) {
      throw new IllegalStateException("ssh-keygen failed");
    }
  }

  private static TestOpenSshd launch(Path dir, Path principals, Map<String, String> environment, String... options)
      throws Exception {
    Path sshd = Path.of("/usr/sbin/sshd");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> config = new java.util.ArrayList<>(List.of("Port " + port, "ListenAddress 127.0.0.1",
        "HostKey " + dir.resolve("host_key"), "PidFile " + dir.resolve("sshd.pid")));
    config.addAll(List.of(options));
    config.addAll(List.of("PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no",
        "LogLevel VERBOSE", ""));
    Files.writeString(dir.resolve("sshd_config"), String.join("\n", config));
    ProcessBuilder builder = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new TestOpenSshd(process, dir, principals, port);
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("sshd did not listen within 20 s: " + Files.readString(dir.resolve("sshd.log")));
  }

  /** The file sshd reads as {@code RevokedKeys}, writable by the account. */
  public Path revokedKeys() {
    return principals.resolve("revoked_keys");
  }

  public int port() {
    return port;
  }

  /** The host key line, to pin. */
  public String hostKey() throws IOException {
    String[] parts = Files.readString(dir.resolve("host_key.pub")).strip().split(" ");
    return parts[0] + " " + parts[1];
  }

  /** What sshd logged so far. */
  public String log() throws IOException {
    return Files.readString(dir.resolve("sshd.log"));
  }

  /**
   * What sshd logged, once it contains {@code expected} or after 10 s: sshd may write a refusal's
   * line after the client has seen the refusal.
   */
  public String log(String expected) throws IOException {
    try {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> log().contains(expected));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // the caller's assertion then fails with the whole log
    }
    return log();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
    if (principals == null) {
      return;
    }
    try (var files = Files.list(principals)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.deleteIfExists(principals);
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
