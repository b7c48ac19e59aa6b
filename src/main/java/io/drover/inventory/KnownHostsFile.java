package io.drover.inventory;

import io.drover.remote.HostKeyPin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Host keys from an OpenSSH known_hosts file (plain and hashed host names; no wildcards but a lone
 * {@code *} on {@code @revoked} lines). A key marked {@code @revoked} is never trusted for a host it
 * names, wherever else it is pinned; {@code @cert-authority} lines are not supported and ignored.
 */
final class KnownHostsFile {

  private record Entry(String hosts, HostKeyPin key) {
  }

  private final List<Entry> entries = new ArrayList<>();
  private final List<Entry> revoked = new ArrayList<>();

  KnownHostsFile(Path file, List<String> errors) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      errors.add(file + ":1: cannot read the known_hosts file: " + e.getMessage());
      return;
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      boolean isRevoked = line.startsWith("@revoked ");
      if (isRevoked) {
        line = line.substring("@revoked ".length()).trim();
      }
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("@")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      try {
        (isRevoked ? revoked : entries).add(new Entry(parts[0], HostKeyPin.parse(parts.length > 1 ? parts[1] : "")));
      } catch (IllegalArgumentException e) {
        errors.add(file + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
  }

  /** The keys recorded for {@code address} on {@code port}, less the revoked ones. */
  List<HostKeyPin> keysFor(String address, int port) {
    List<HostKeyPin> keys = matching(entries, address, port);
    keys.removeIf(key -> isRevoked(key, address, port));
    return keys;
  }

  /** Whether a {@code @revoked} line names this key for {@code address} on {@code port}. */
  boolean isRevoked(HostKeyPin key, String address, int port) {
    return matching(revoked, address, port).stream().anyMatch(r -> r.type().equals(key.type())
        && java.util.Arrays.equals(r.blob(), key.blob()));
  }

  private static List<HostKeyPin> matching(List<Entry> from, String address, int port) {
    String name = port == 22 ? address : "[" + address + "]:" + port;
    List<HostKeyPin> keys = new ArrayList<>();
    for (Entry entry : from) {
      for (String pattern : entry.hosts().split(",")) {
        if (pattern.equals(name) || pattern.equals("*") || hashedMatch(pattern, name)) {
          keys.add(entry.key());
          break;
        }
      }
    }
    return keys;
  }

  private static boolean hashedMatch(String pattern, String name) {
    if (!pattern.startsWith("|1|")) {
      return false;
    }
    String[] parts = pattern.substring(3).split("\\|");
    if (parts.length != 2) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(parts[0]), "HmacSHA1"));
      byte[] expected = Base64.getDecoder().decode(parts[1]);
      return MessageDigest.isEqual(expected, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
