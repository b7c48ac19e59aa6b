package io.drover.remote;

import com.jcraft.jsch.JSchException;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;
import org.ietf.jgss.Oid;

/**
 * JSch's {@code gssapi-with-mic.krb5} context, over the JDK's GSS-API with the credential of the
 * session being opened (never a ticket cache, never the JVM's default login): JSch makes one by its
 * class name in the thread that authenticates, so {@link SshConnector} hands the credential over
 * through that thread. Unlike JSch's own, it asks for no credential delegation: the host never
 * holds a ticket of Drover's.
 */
public final class KerberosContext implements com.jcraft.jsch.GSSContext {

  private static final ThreadLocal<KerberosLogin> OPENING = new ThreadLocal<>();
  private static final String KRB5 = "1.2.840.113554.1.2.2";
  private static final String KRB5_PRINCIPAL_NAME = "1.2.840.113554.1.2.2.1";

  private org.ietf.jgss.GSSContext context;

  /** The login of the session this thread opens next, until {@link #done}. */
  static void opening(KerberosLogin login) {
    OPENING.set(login);
  }

  static void done() {
    OPENING.remove();
  }

  @Override
  public void create(String user, String host) throws JSchException {
    KerberosLogin login = OPENING.get();
    if (login == null) {
      throw new JSchException("no Kerberos login for this session");
    }
    try {
      GSSManager manager = GSSManager.getInstance();
      GSSName server = manager.createName(login.hostPrincipal(), new Oid(KRB5_PRINCIPAL_NAME));
      context = manager.createContext(server, new Oid(KRB5), login.credential(),
          org.ietf.jgss.GSSContext.DEFAULT_LIFETIME);
      context.requestMutualAuth(true);
      context.requestConf(true);
      context.requestInteg(true);
      context.requestCredDeleg(false);
      context.requestAnonymity(false);
    } catch (GSSException e) {
      throw new JSchException(e.getMessage(), e);
    }
  }

  @Override
  public boolean isEstablished() {
    return context.isEstablished();
  }

  @Override
  public byte[] init(byte[] token, int start, int length) throws JSchException {
    try {
      return context.initSecContext(token, start, length);
    } catch (GSSException e) {
      throw new JSchException(e.getMessage(), e);
    }
  }

  @Override
  public byte[] getMIC(byte[] message, int start, int length) {
    try {
      return context.getMIC(message, start, length, new MessageProp(0, true));
    } catch (GSSException e) {
      return null;
    }
  }

  @Override
  public void dispose() {
    try {
      if (context != null) {
        context.dispose();
      }
    } catch (GSSException ignored) {
      // nothing is left to release
    }
  }
}
