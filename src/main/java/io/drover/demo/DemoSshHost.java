package io.drover.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellFactory;

/**
 * An SSH host in-process (Apache MINA SSHD on loopback) with its own directory and host key.
 * Commands run as {@code /bin/sh -c COMMAND} in that directory, like OpenSSH runs them in the
 * login user's home, so procedures written for the demo run unchanged on real hosts.
 */
public final class DemoSshHost implements AutoCloseable {

  private final String name;
  private final Path home;
  private final SshServer server;
  private final java.util.concurrent.atomic.AtomicInteger sessions;

  private DemoSshHost(String name, Path home, SshServer server, java.util.concurrent.atomic.AtomicInteger sessions) {
    this.name = name;
    this.home = home;
    this.server = server;
    this.sessions = sessions;
  }

  /**
   * Starts a host on a free loopback port.
   *
   * @param home the host's directory (its "disk"); the host key is kept in {@code home/.ssh-host}
   * @param authorizedKeys OpenSSH authorized_keys file of the login user
   */
  public static DemoSshHost start(String name, Path home, Path authorizedKeys) throws IOException {
    return start(name, home, authorizedKeys, 0);
  }

  /** Starts a host on {@code port} (0: a free one), with the key kept in its directory (made if missing). */
  public static DemoSshHost start(String name, Path home, Path authorizedKeys, int port) throws IOException {
    return start(name, home, authorizedKeys, port, command -> false);
  }

  /**
   * Starts a host that takes the commands {@code ignored} matches and never acts on them: the exec
   * request is accepted and the channel stays open and silent, as on a host that cannot start a
   * process. Every other command runs as usual.
   */
  public static DemoSshHost start(String name, Path home, Path authorizedKeys, int port,
      java.util.function.Predicate<String> ignored) throws IOException {
    return start(name, home, authorizedKeys, port, ignored, null);
  }

  /**
   * Starts a host that also takes Drover's certificates, as an sshd enrolled with {@code drover host
   * enrol} does: signed by {@code trust.caLine()}'s CA, naming {@code trust.principal()}. Like sshd, it
   * logs each accepted certificate's key id and serial ({@link #authLog()}).
   */
  public static DemoSshHost start(String name, Path home, Path authorizedKeys, int port,
      java.util.function.Predicate<String> ignored, CertificateTrust trust) throws IOException {
    Files.createDirectories(home.resolve(".ssh-host"));
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(port);
    SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(home.resolve(".ssh-host/host_key"));
    keys.setAlgorithm("EC");
    server.setKeyPairProvider(keys);
    // the keys are read once: MINA's file-watching authenticator refuses sessions that arrive while it
    // reloads the file, which many parallel runs make happen
    PublickeyAuthenticator listed = authorizedKeys == null ? (user, key, session) -> false
        : authorizedKeys(authorizedKeys);
    server.setPublickeyAuthenticator(trust == null ? listed : certificates(trust, listed,
        home.resolve(".ssh-host/auth.log")));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    String dir = home.toAbsolutePath().toString();
    server.setCommandFactory((channel, command) -> ignored.test(command) ? new NeverStarted()
        : new InDirectoryShellFactory(dir, command).createShell(channel));
    java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();
    server.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
      @Override
      public void sessionCreated(org.apache.sshd.common.session.Session session) {
        sessions.incrementAndGet();
      }
    });
    server.start();
    return new DemoSshHost(name, home, server, sessions);
  }

  /** A command taken and never started: no output, no exit status, until the channel closes. */
  private static final class NeverStarted implements org.apache.sshd.server.command.Command {

    @Override
    public void setInputStream(java.io.InputStream in) {
    }

    @Override
    public void setOutputStream(java.io.OutputStream out) {
    }

    @Override
    public void setErrorStream(java.io.OutputStream err) {
    }

    @Override
    public void setExitCallback(org.apache.sshd.server.ExitCallback callback) {
    }

    @Override
    public void start(ChannelSession channel, org.apache.sshd.server.Environment env) {
    }

    @Override
    public void destroy(ChannelSession channel) {
    }
  }

  /** Runs the command as {@code /bin/sh -c COMMAND} in the host's directory, with HOME set to it. */
  private static final class InDirectoryShellFactory extends ProcessShellFactory {

    private final String dir;

    InDirectoryShellFactory(String dir, String command) {
      super(command, List.of(command));
      this.dir = dir;
    }

    @Override
    protected List<String> resolveEffectiveCommand(ChannelSession channel, String command, List<String> elements) {
      return List.of("/bin/sh", "-c", "cd -- \"$0\" && HOME=\"$0\" exec /bin/sh -c \"$1\"", dir, command);
    }
  }

  /** The CA a host trusts (its public key line) and the principal its account accepts. */
  public record CertificateTrust(String caLine, String principal) {
  }

  /**
   * Certificates of the trusted CA that name the principal; any other key as {@code keys} says. MINA
   * has checked the certificate's signature, type, validity and source address before this is asked.
   */
  private static PublickeyAuthenticator certificates(CertificateTrust trust, PublickeyAuthenticator keys, Path log) {
    String[] ca = trust.caLine().strip().split("\\s+");
    return (user, key, session) -> {
      if (!(key instanceof org.apache.sshd.common.config.keys.OpenSshCertificate certificate)) {
        return keys.authenticate(user, key, session);
      }
      String signer = PublicKeyEntry.toString(certificate.getCaPubKey());
      boolean accepted = signer.equals(ca[0] + " " + ca[1]) && certificate.getPrincipals().contains(trust.principal());
      try {
        Files.writeString(log, (accepted ? "Accepted" : "Refused") + " certificate ID \"" + certificate.getId()
            + "\" (serial " + Long.toUnsignedString(certificate.getSerial()) + ") for " + user + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      } catch (IOException e) {
        return false;
      }
      return accepted;
    };
  }

  /** What the host logged of the certificates it was shown. */
  public String authLog() throws IOException {
    Path log = home.resolve(".ssh-host/auth.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private static PublickeyAuthenticator authorizedKeys(Path file) throws IOException {
    try {
      List<PublicKey> keys = PublicKeyEntry.resolvePublicKeyEntries(null, AuthorizedKeyEntry.readAuthorizedKeys(file),
          PublicKeyEntryResolver.FAILING);
      return new KeySetPublickeyAuthenticator(file.toString(), keys);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read the authorized keys in " + file + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public Path home() {
    return home;
  }

  /** SSH sessions opened to this host since it started. */
  public int sessionsOpened() {
    return sessions.get();
  }

  public int port() {
    return server.getPort();
  }

  /** The host key in OpenSSH form, to pin in the inventory. */
  public String hostKey() throws IOException {
    try {
      for (KeyPair pair : server.getKeyPairProvider().loadKeys(null)) {
        PublicKey key = pair.getPublic();
        return PublicKeyEntry.toString(key);
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read the host key of " + name, e);
    }
    throw new IOException("host " + name + " has no host key");
  }

  /** Stops accepting connections (existing sessions close). */
  public void stop() throws IOException {
    server.stop(true);
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
