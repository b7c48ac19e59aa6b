package io.drover.remote;

import java.util.List;

/**
 * Everything needed to open an SSH session to one host.
 *
 * @param name the inventory name of the host, used in messages
 * @param address the address to connect to
 * @param port the SSH port
 * @param user the login user
 * @param privateKey the OpenSSH or PEM private key, from the secret store
 * @param pinnedKeys the host keys the host may present; empty means none is known
 * @param certificate the OpenSSH user certificate of {@code privateKey} (one line), or null for a plain key
 * @param kerberos the Kerberos login ({@code gssapi-with-mic}) instead of a key, or null
 */
public record SshTarget(String name, String address, int port, String user, byte[] privateKey, List<HostKeyPin> pinnedKeys,
    String certificate, KerberosLogin kerberos) {

  /** With a key and its certificate. */
  public SshTarget(String name, String address, int port, String user, byte[] privateKey, List<HostKeyPin> pinnedKeys,
      String certificate) {
    this(name, address, port, user, privateKey, pinnedKeys, certificate, null);
  }

  /** Over Kerberos, no key. */
  public SshTarget(String name, String address, int port, String user, List<HostKeyPin> pinnedKeys,
      KerberosLogin kerberos) {
    this(name, address, port, user, null, pinnedKeys, null, kerberos);
  }

  /** With a plain key, no certificate. */
  public SshTarget(String name, String address, int port, String user, byte[] privateKey, List<HostKeyPin> pinnedKeys) {
    this(name, address, port, user, privateKey, pinnedKeys, null, null);
  }

  @Override
  public String toString() {
    return name + " (" + user + "@" + address + ":" + port + ")";
  }
}
