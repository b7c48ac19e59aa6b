package io.drover.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivilegedExceptionAction;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Kerberos credentials of Drover's principals, from keytabs in the secret store: a login to the KDC
 * ({@code Krb5LoginModule}, never a ticket cache, never a password) gets the principal's
 * ticket-granting ticket, held in memory and reused until a few minutes before it ends. The keytab
 * exists as a file only during the login (the JDK reads keytabs from files): owner-only, in a private
 * directory in memory ({@code /dev/shm} where there is one), deleted when the login ends.
 */
@Component
public class KerberosTickets {

  /** A credential is got anew once less than this is left of it (seconds). */
  static final int RENEW_BEFORE = 300;
  private static final String KRB5 = "1.2.840.113554.1.2.2";

  /** The JDK's Kerberos configuration is one per JVM: logins take turns with it. */
  private static final Object CONFIGURATION = new Object();
  /** The krb5.conf the JDK read last (at the last login): its KDCs also serve the service tickets at connect. */
  private static volatile String loaded;

  private final CredentialStore secrets;
  private final String krb5Config;
  private final Map<String, GSSCredential> held = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /**
   * @param krb5Config the krb5.conf naming the realms and their KDCs ({@code drover.kerberos.config});
   *     empty: the JDK's own default ({@code /etc/krb5.conf})
   */
  public KerberosTickets(CredentialStore secrets, @Value("${drover.kerberos.config:}") String krb5Config) {
    this.secrets = secrets;
    this.krb5Config = krb5Config;
  }

  /**
   * The credential of {@code principal} ({@code drover-payments}, in the keytab's realm unless it names
   * one), from the keytab stored as {@code keytab}.
   *
   * @throws IllegalStateException saying what failed: no such secret, the principal is not in it, the
   *     KDC did not answer or refused
   */
  public GSSCredential credential(String keytab, String principal) {
    String key = keytab + "\u0000" + principal;
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      GSSCredential current = held.get(key);
      try {
        // another server in this JVM (tests) may have had the JDK read its own krb5.conf since: log in again
        if (current != null && current.getRemainingLifetime() > RENEW_BEFORE && krb5Config.equals(loaded)) {
          return current;
        }
      } catch (GSSException expired) {
        // got anew below
      }
      GSSCredential fresh = login(keytab, principal);
      held.put(key, fresh);
      return fresh;
    }
  }

  /** Forgets every held credential (the next use logs in anew), as after a keytab was replaced. */
  public void forget() {
    held.clear();
  }

  private GSSCredential login(String keytab, String principal) {
    byte[] bytes = secrets.get(keytab);
    Path dir = null;
    Path file = null;
    try {
      dir = privateDirectory();
      // one name per secret: the JDK keeps each keytab it read by file name until its file changes
      file = dir.resolve(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(keytab.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 12) + ".keytab");
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(file, bytes);
      Subject subject = new Subject();
      synchronized (CONFIGURATION) {
        // this server's krb5.conf, read again by the login (refreshKrb5Config)
        if (!krb5Config.isBlank()) {
          System.setProperty("java.security.krb5.conf", krb5Config);
        }
        loaded = null;
        new LoginContext("drover", subject, null, configuration(file, principal)).login();
        loaded = krb5Config;
      }
      return Subject.doAs(subject, (PrivilegedExceptionAction<GSSCredential>) () -> GSSManager.getInstance()
          .createCredential(null, GSSCredential.DEFAULT_LIFETIME, new Oid(KRB5), GSSCredential.INITIATE_ONLY));
    } catch (LoginException e) {
      throw new IllegalStateException("Kerberos login of " + principal + " with keytab '" + keytab + "' failed: "
          + why(e), e);
    } catch (java.security.PrivilegedActionException | IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("Kerberos login of " + principal + " with keytab '" + keytab + "' failed: "
          + e.getMessage(), e);
    } finally {
      java.util.Arrays.fill(bytes, (byte) 0);
      try {
        if (file != null) {
          Files.deleteIfExists(file);
        }
      } catch (IOException ignored) {
        // the directory is the server's own and owner-only
      }
    }
  }

  /** What a failed login means for whoever must fix it. */
  static String why(LoginException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.net.ConnectException
          || cause instanceof java.net.PortUnreachableException || cause instanceof java.net.UnknownHostException) {
        return "the KDC did not answer (" + cause.getMessage() + "); check the realm's kdc in drover.kerberos.config";
      }
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (message.contains("Unable to obtain password") || message.contains("No key to store")) {
      return "the keytab holds no key of this principal; add it: kadmin -q 'ktadd -k FILE PRINCIPAL' and store the"
          + " file with drover secret put";
    }
    if (message.contains("Client not found")) {
      return "the KDC does not know this principal (" + message + "); add it: kadmin -q 'addprinc -randkey PRINCIPAL'";
    }
    return message;
  }

  private static Path privateDirectory() throws IOException {
    Path base = Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm")
        : Path.of(System.getProperty("java.io.tmpdir"));
    Path dir = base.resolve("drover-krb5-" + ProcessHandle.current().pid());
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return dir;
  }

  private static Configuration configuration(Path keytab, String principal) {
    AppConfigurationEntry entry = new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("useKeyTab", "true", "keyTab",
        keytab.toString(), "principal", principal, "storeKey", "false", "doNotPrompt", "true", "useTicketCache",
        "false", "isInitiator", "true", "refreshKrb5Config", "true"));
    return new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return new AppConfigurationEntry[] {entry};
      }
    };
  }
}
