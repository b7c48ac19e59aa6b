package io.drover.remote;

import org.ietf.jgss.GSSCredential;

/**
 * How Drover logs in to a host over Kerberos ({@code gssapi-with-mic}): the initiator's credential
 * (a ticket-granting ticket for the service's principal, got from its keytab) and the host's own
 * principal, whose service ticket the host's sshd accepts.
 *
 * @param principal Drover's principal, as the host's {@code .k5login} lists it ({@code drover-payments@EXAMPLE.ORG})
 * @param credential its credential, never delegated to the host
 * @param hostPrincipal the host's principal ({@code host/db1.example.org})
 */
public record KerberosLogin(String principal, GSSCredential credential, String hostPrincipal) {

  @Override
  public String toString() {
    return "kerberos principal " + principal;
  }
}
