package io.drover.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that encrypts the secret store: 32 bytes, base64, from the environment
 * ({@code DROVER_MASTER_KEY}) or a file; never kept beside the encrypted secrets.
 */
public final class MasterKey {

  private MasterKey() {
  }

  /** A new random key, base64, for {@code drover secret keygen}. */
  public static String generate() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * The key from {@code base64} if given, else from {@code file}; null when neither is set.
   *
   * @param secretsDir the encrypted secrets' directory, where the key must not be
   */
  public static SecretKey load(String base64, Path file, Path secretsDir) {
    String text = base64;
    if ((text == null || text.isBlank()) && file != null) {
      Path absolute = file.toAbsolutePath().normalize();
      if (secretsDir != null && absolute.startsWith(secretsDir.toAbsolutePath().normalize())) {
        throw new IllegalStateException(SecurityLogger.LOG.masterKeyAmongSecrets(file, secretsDir));
      }
      try {
        text = Files.readString(file, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new IllegalStateException(SecurityLogger.LOG.masterKeyUnreadable(file, e.getMessage()), e);
      }
    }
    if (text == null || text.isBlank()) {
      return null;
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(SecurityLogger.LOG.masterKeyMalformed("is not base64 (make one with 'drover secret"
          + " keygen')"));
    }
    if (key.length != 32) {
      throw new IllegalStateException(SecurityLogger.LOG.masterKeyMalformed("must be 32 bytes (AES-256), not "
          + key.length));
    }
    return new SecretKeySpec(key, "AES");
  }
}
