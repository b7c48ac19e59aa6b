package io.drover.remote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * A pinned SSH host key in OpenSSH public-key form ({@code ssh-ed25519 AAAA...}).
 *
 * @param type the key type, e.g. {@code ssh-ed25519}
 * @param blob the key blob as the server sends it
 */
public record HostKeyPin(String type, byte[] blob) {

  /** Parses {@code TYPE BASE64 [comment]}; throws {@link IllegalArgumentException} with the reason. */
  public static HostKeyPin parse(String text) {
    String[] parts = text.trim().split("\\s+");
    if (parts.length < 2) {
      throw new IllegalArgumentException("expected 'TYPE BASE64', e.g. 'ssh-ed25519 AAAAC3Nz...'");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key is not valid base64");
    }
    String embeddedType = embeddedType(blob);
    if (!parts[0].equals(embeddedType)) {
      throw new IllegalArgumentException("key type '" + parts[0] + "' does not match the key data ('" + embeddedType + "')");
    }
    return new HostKeyPin(parts[0], blob);
  }

  /** The key type written at the start of an SSH key blob. */
  static String embeddedType(byte[] blob) {
    if (blob.length < 4) {
      return "";
    }
    int length = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
    if (length <= 0 || length > blob.length - 4) {
      return "";
    }
    return new String(blob, 4, length, StandardCharsets.US_ASCII);
  }

  /** The host key algorithms that can prove possession of a key of this type. */
  public List<String> algorithms() {
    return switch (type) {
      case "ssh-rsa" -> List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
      default -> List.of(type);
    };
  }

  public String fingerprint() {
    return fingerprint(blob);
  }

  /** OpenSSH's fingerprint format: {@code SHA256:} and unpadded base64. */
  public static String fingerprint(byte[] blob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  public boolean matches(byte[] presented) {
    return MessageDigest.isEqual(blob, presented);
  }
}
