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
 * @param credential name of the private key in Drover's secret store (a static key), or null with certificates
 * @param hostKeys pinned host keys (from the inventory or the known_hosts file)
 * @param auth how Drover logs in: one static key, or a certificate per run from Drover's SSH CA
 */
public record HostSpec(String name, String address, int port, String user, String credential, List<HostKeyPin> hostKeys,
    Auth auth) {

  /** How Drover authenticates to a host ({@code auth:} in the inventory). */
  public enum Auth {
    /** one private key from the secret store, the same for every run and every requester */
    STATIC,
    /** a fresh key and a short-lived certificate per run, naming the run, the requester and the approver */
    CERTIFICATE
  }

  /** With a static key. */
  public HostSpec(String name, String address, int port, String user, String credential, List<HostKeyPin> hostKeys) {
    this(name, address, port, user, credential, hostKeys, Auth.STATIC);
  }

  public boolean certificate() {
    return auth == Auth.CERTIFICATE;
  }
}
