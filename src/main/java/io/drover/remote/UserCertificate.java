package io.drover.remote;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OpenSSH user certificate ({@code ssh-ed25519-cert-v01@openssh.com}, PROTOCOL.certkeys) for one
 * run's key: who it is for (key id), which accounts it opens (principals), for how long, from which
 * addresses, and with no extension at all, so no pty, no agent, port or X11 forwarding and no user
 * rc. Signed by Drover's CA.
 *
 * @param serial unique per certificate, so one can be revoked alone
 * @param keyId what the host's sshd logs on accept, e.g. {@code drover run=... service=... by=... approved=...}
 * @param sourceAddresses the addresses (or CIDR ranges) it may be used from; empty: any
 */
public record UserCertificate(long serial, String keyId, List<String> principals, Instant validAfter,
    Instant validBefore, List<String> sourceAddresses) {

  static final String TYPE = "ssh-ed25519-cert-v01@openssh.com";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int USER = 1;

  /** The certificate of {@code key} signed by {@code ca}, as a public key line ({@code TYPE BASE64 comment}). */
  public String sign(Ed25519Key key, Ed25519Key ca) {
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    SshWire principalList = new SshWire();
    principals.forEach(principalList::string);
    Map<String, byte[]> critical = new TreeMap<>();
    if (!sourceAddresses.isEmpty()) {
      critical.put("source-address", new SshWire().string(String.join(",", sourceAddresses)).bytes());
    }
    SshWire options = new SshWire();
    critical.forEach((name, data) -> options.string(name).string(data));
    SshWire body = new SshWire().string(TYPE).string(nonce).string(key.rawPublicKey()).uint64(serial).uint32(USER)
        .string(keyId).string(principalList.bytes()).uint64(validAfter.getEpochSecond())
        .uint64(validBefore.getEpochSecond()).string(options.bytes()).string(new byte[0]).string(new byte[0])
        .string(ca.publicBlob());
    byte[] signed = body.bytes();
    byte[] certificate = new SshWire().raw(signed).string(ca.sign(signed)).bytes();
    return TYPE + " " + Base64.getEncoder().encodeToString(certificate) + " " + keyId.replace(' ', '_');
  }
}
