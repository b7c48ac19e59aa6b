package io.drover.security;

import io.drover.remote.Ed25519Key;
import io.drover.remote.UserCertificate;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Drover's SSH certificate authority: for one run and one host it makes a fresh key pair in memory
 * and signs a short-lived OpenSSH user certificate naming the run, the service, the requester and
 * the approver (the patent's step 230: a token bound to the user, the host and the application). The
 * CA's own key is an Ed25519 key in the secret store ({@code ssh-keygen -t ed25519 -N '' -f ca} then
 * {@code drover secret put ssh-ca --file ca}); the run's private key is never written anywhere.
 */
public final class SshCertificateAuthority {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final CredentialStore store;
  private final String caCredential;
  private final String previousCredential;
  private final Duration longest;
  private final List<String> sourceAddresses;
  private final Clock clock;

  /** What a run gets for one host: its private key (in memory only) and its certificate. */
  public record Issued(byte[] privateKey, String certificate, long serial, String keyId, Instant validBefore) {
  }

  /**
   * @param caCredential the secret holding the CA's private key
   * @param longest the longest validity a certificate gets, whatever is asked
   * @param sourceAddresses the DR server's addresses (or CIDR ranges) certificates may be used from; empty: any
   */
  public SshCertificateAuthority(CredentialStore store, String caCredential, Duration longest,
      List<String> sourceAddresses, Clock clock) {
    this(store, caCredential, null, longest, sourceAddresses, clock);
  }

  /**
   * @param previousCredential during a CA rollover, the secret of the CA being retired: it signs nothing,
   *     and revocations cover its certificates too (null or blank: none)
   */
  public SshCertificateAuthority(CredentialStore store, String caCredential, String previousCredential,
      Duration longest, List<String> sourceAddresses, Clock clock) {
    this.previousCredential = previousCredential == null || previousCredential.isBlank() ? null
        : previousCredential.strip();
    this.store = store;
    this.caCredential = caCredential;
    this.longest = longest;
    this.sourceAddresses = List.copyOf(sourceAddresses);
    this.clock = clock;
  }

  /** A certificate for one run on one host, valid from a minute ago (clock skew) for {@code validity} at most. */
  public Issued issue(String runId, String service, String requester, String approver, List<String> principals,
      Duration validity) {
    Ed25519Key ca = ca();
    Ed25519Key key = Ed25519Key.generate();
    Instant now = clock.instant();
    Instant until = now.plus(validity.compareTo(longest) > 0 ? longest : validity);
    long serial = RANDOM.nextLong() & Long.MAX_VALUE;
    String keyId = keyId(runId, service, requester, approver);
    String certificate = new UserCertificate(serial, keyId, principals, now.minusSeconds(60), until, sourceAddresses)
        .sign(key, ca);
    return new Issued(key.privateKeyPem(keyId), certificate, serial, keyId, until);
  }

  /** The CA's public key in SSH wire form (what a revocation list names). */
  public byte[] publicBlob() {
    return ca().publicBlob();
  }

  /** The public keys of the CAs whose certificates hosts may still hold: this one, and the one being retired. */
  public List<byte[]> trustedPublicBlobs() {
    return previousCredential == null ? List.of(publicBlob()) : List.of(publicBlob(),
        key(previousCredential).publicBlob());
  }

  /** The line a host's {@code TrustedUserCAKeys} file holds to accept this CA's certificates. */
  public String trustLine() {
    return ca().publicLine("drover-ca");
  }

  /** {@code drover run=<id> service=<s> by=<requester> approved=<approver or none>}, as sshd logs it. */
  public static String keyId(String runId, String service, String requester, String approver) {
    return "drover run=" + word(runId) + " service=" + word(service) + " by=" + word(requester) + " approved="
        + (approver == null ? "none" : word(approver));
  }

  /** The principal a service's accounts list by default. */
  public static String principal(String service) {
    return "drover-" + service;
  }

  private Ed25519Key ca() {
    return key(caCredential);
  }

  private Ed25519Key key(String credential) {
    try {
      return Ed25519Key.parse(store.get(credential));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(SecurityLogger.LOG.unusableCaKey(credential, e.getMessage()), e);
    }
  }

  private static String word(String value) {
    return value == null || value.isBlank() ? "unknown" : value.strip().replaceAll("[\\s=\"]", "_");
  }
}
