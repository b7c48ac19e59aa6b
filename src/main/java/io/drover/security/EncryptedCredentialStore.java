package io.drover.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Secrets encrypted at rest: one file {@code NAME.sec} per credential, AES-256-GCM with a random
 * 96-bit nonce, the credential's name as associated data (a file renamed to another credential
 * does not decrypt), under the master key.
 */
public class EncryptedCredentialStore implements CredentialStore {

  private static final byte[] MAGIC = "DRV1".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final int NONCE = 12;

  private final Path directory;
  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  public EncryptedCredentialStore(Path directory, SecretKey key) {
    this.directory = directory;
    this.key = key;
  }

  @Override
  public byte[] get(String name) {
    Path file = file(name);
    byte[] sealed;
    try {
      sealed = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new MissingCredentialException(name, "no " + file.getFileName() + " in " + directory);
    }
    if (sealed.length < MAGIC.length + NONCE + 16 || !Arrays.equals(Arrays.copyOf(sealed, MAGIC.length), MAGIC)) {
      throw new IllegalStateException(SecurityLogger.LOG.notASecret(file));
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, MAGIC.length, NONCE));
      cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, MAGIC.length + NONCE, sealed.length - MAGIC.length - NONCE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(SecurityLogger.LOG.secretAltered(name));
    }
  }

  /** Stores (or replaces) a secret; the file is written whole, readable by its owner only. */
  public void put(String name, byte[] value) throws IOException {
    Path file = file(name);
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
      byte[] encrypted = cipher.doFinal(value);
      sealed = ByteBuffer.allocate(MAGIC.length + NONCE + encrypted.length).put(MAGIC).put(nonce).put(encrypted).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(SecurityLogger.LOG.noAesGcm(), e);
    }
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, ".put-", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(temporary, sealed);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Path file(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new MissingCredentialException(name, "not a valid credential name");
    }
    return directory.resolve(name + ".sec");
  }
}
