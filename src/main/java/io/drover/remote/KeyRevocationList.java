package io.drover.remote;

import java.time.Instant;
import java.util.Collection;

/**
 * An OpenSSH key revocation list (the format of OpenSSH's {@code PROTOCOL.krl}, version 1, unsigned)
 * revoking certificates of one CA by serial and by key id: what sshd's {@code RevokedKeys} reads and
 * {@code ssh-keygen -Q -f} checks.
 */
public final class KeyRevocationList {

  private static final long MAGIC = 0x5353484b524c0a00L;
  private static final int FORMAT_VERSION = 1;
  private static final int SECTION_CERTIFICATES = 1;
  private static final int CERT_SERIAL_LIST = 0x20;
  private static final int CERT_KEY_ID = 0x23;

  private KeyRevocationList() {
  }

  /**
   * @param caPublicBlob the CA's public key (wire form) whose certificates are revoked
   * @param version grows with every change, so a host can tell a newer list from an older one
   */
  public static byte[] of(byte[] caPublicBlob, long version, Instant generated, Collection<Long> serials,
      Collection<String> keyIds, String comment) {
    return of(java.util.List.of(caPublicBlob), version, generated, serials, keyIds, comment);
  }

  /** The same serials and key ids revoked under each of several CAs (during a CA rollover, both). */
  public static byte[] of(java.util.List<byte[]> caPublicBlobs, long version, Instant generated,
      Collection<Long> serials, Collection<String> keyIds, String comment) {
    SshWire list = new SshWire().uint64(MAGIC).uint32(FORMAT_VERSION).uint64(version)
        .uint64(generated.getEpochSecond()).uint64(0).string(new byte[0]).string(comment == null ? "" : comment);
    for (byte[] ca : caPublicBlobs) {
      list.raw(new byte[] {(byte) SECTION_CERTIFICATES}).string(certificates(ca, serials, keyIds));
    }
    return list.bytes();
  }

  private static byte[] certificates(byte[] caPublicBlob, Collection<Long> serials, Collection<String> keyIds) {
    SshWire certificates = new SshWire().string(caPublicBlob).string(new byte[0]);
    if (!serials.isEmpty()) {
      SshWire list = new SshWire();
      serials.stream().sorted().forEach(list::uint64);
      certificates.raw(new byte[] {(byte) CERT_SERIAL_LIST}).string(list.bytes());
    }
    if (!keyIds.isEmpty()) {
      SshWire ids = new SshWire();
      keyIds.stream().sorted().forEach(ids::string);
      certificates.raw(new byte[] {(byte) CERT_KEY_ID}).string(ids.bytes());
    }
    return certificates.bytes();
  }
}
