package io.drover.remote;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

/** Opens authenticated SSH sessions with pinned host keys; never accepts an unknown key. */
public class SshConnector {

  private final SshProperties properties;

  public SshConnector(SshProperties properties) {
    this.properties = properties;
  }

  /** Connects and authenticates, or throws with the classified reason. */
  public SshConnection connect(SshTarget target) throws RemoteException {
    JSch jsch = new JSch();
    PinnedHostKeyRepository keys = new PinnedHostKeyRepository(target);
    jsch.setHostKeyRepository(keys);
    int timeout = (int) properties.connectTimeout().toMillis();
    TimedSocketFactory sockets = new TimedSocketFactory(timeout);
    Session session;
    try {
      if (target.kerberos() == null) {
        jsch.addIdentity(target.name(), target.privateKey(), target.certificate() == null ? null
            : (target.certificate().strip() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII), null);
      }
      session = jsch.getSession(target.user(), target.address(), target.port());
    } catch (JSchException e) {
      throw new RemoteException(RemoteFailure.CONFIGURATION, target.name(),
          RemoteLogger.LOG.unusableKey(target.name(), e.getMessage()), e);
    }
    session.setSocketFactory(sockets);
    session.setConfig("StrictHostKeyChecking", "yes");
    if (target.kerberos() == null) {
      session.setConfig("PreferredAuthentications", "publickey");
    } else {
      session.setConfig("PreferredAuthentications", "gssapi-with-mic");
      session.setConfig("gssapi-with-mic.krb5", KerberosContext.class.getName());
    }
    // JSch's own default (32 KiB), said explicitly: unset, every channel parses a missing value and
    // throws and catches a NumberFormatException for each of its output streams
    session.setConfig("max_input_buffer_size", Integer.toString(32 * 1024));
    if (!target.pinnedKeys().isEmpty()) {
      session.setConfig("server_host_key", String.join(",", target.pinnedKeys().stream()
          .flatMap(pin -> pin.algorithms().stream()).distinct().toList()));
    }
    try {
      session.setServerAliveInterval((int) properties.keepAlive().toMillis());
      session.setServerAliveCountMax(3);
      KerberosContext.opening(target.kerberos());
      session.connect(timeout);
    } catch (JSchException e) {
      session.disconnect();
      RemoteFailure reason = ConnectFailureClassifier.classify(e, keys, sockets.opened());
      String message = switch (reason) {
        case HOST_KEY_MISMATCH -> keys.describeRefusal();
        case AUTHENTICATION_FAILED -> RemoteLogger.LOG.credentialRefused(target);
        default -> RemoteLogger.LOG.cannotConnect(target, reason, e.getMessage());
      };
      throw new RemoteException(reason, target.name(), message, e);
    } finally {
      KerberosContext.done();
    }
    return new SshConnection(target, session, properties.outputLimit());
  }
}
