package io.drover.inventory;

import io.drover.remote.HostKeyPin;
import java.util.List;

/**
 * A target host: where to reach it, as whom, and the key it must present.
 *
 * @param name the inventory name, unique across all files
 * @param address IP address or DNS name
 * @param port SSH port
 * @param user login user (never root for lab and production hosts)
 * @param credential name of the secret in Drover's store: the private key (a static key) or the keytab
 *     (Kerberos); null with certificates
 * @param hostKeys pinned host keys (from the inventory or the known_hosts file)
 * @param auth how Drover logs in: one static key, a certificate per run from Drover's SSH CA, or Kerberos
 * @param kerberos the principals of a Kerberos host, null for the others
 */
public record HostSpec(String name, String address, int port, String user, String credential, List<HostKeyPin> hostKeys,
    Auth auth, Kerberos kerberos) {

  /** How Drover authenticates to a host ({@code auth:} in the inventory). */
  public enum Auth {
    /** one private key from the secret store, the same for every run and every requester */
    STATIC,
    /** a fresh key and a short-lived certificate per run, naming the run, the requester and the approver */
    CERTIFICATE,
    /** GSSAPI ({@code gssapi-with-mic}) with the service's principal, from a keytab in the secret store */
    KERBEROS
  }

  /**
   * The Kerberos names of a host.
   *
   * @param principal Drover's principal on it, a pattern of {@code {service}} and {@code {requester}}
   *     ({@code drover-{service}} unless the inventory says otherwise), in the realm of the keytab
   * @param hostPrincipal the host's own principal, whose service ticket its sshd accepts ({@code host/db1.example.org})
   */
  public record Kerberos(String principal, String hostPrincipal) {

    public static final String DEFAULT_PRINCIPAL = "drover-{service}";

    /** The principal for a run of {@code service} asked by {@code requester}. */
    public String principalFor(String service, String requester) {
      return principal.replace("{service}", service).replace("{requester}", requester);
    }
  }

  /** A certificate or static-key host. */
  public HostSpec(String name, String address, int port, String user, String credential, List<HostKeyPin> hostKeys,
      Auth auth) {
    this(name, address, port, user, credential, hostKeys, auth, null);
  }

  /** With a static key. */
  public HostSpec(String name, String address, int port, String user, String credential, List<HostKeyPin> hostKeys) {
    this(name, address, port, user, credential, hostKeys, Auth.STATIC, null);
  }

  public boolean certificate() {
    return auth == Auth.CERTIFICATE;
  }

  /** Drover logs in with the same key for every run (a static key). */
  public boolean staticKey() {
    return auth == Auth.STATIC;
  }

  public boolean kerberized() {
    return auth == Auth.KERBEROS;
  }
}
