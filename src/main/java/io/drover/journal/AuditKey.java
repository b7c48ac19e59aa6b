package io.drover.journal;

/**
 * The key of the audit chain's HMAC, kept outside the database (derived from the master key), so
 * that someone who can write the database cannot rewrite the chain consistently. Null bytes: no key
 * (open mode, the demo), entries are hashed with plain SHA-256.
 */
public record AuditKey(byte[] bytes) {

  public boolean present() {
    return bytes != null && bytes.length > 0;
  }
}
