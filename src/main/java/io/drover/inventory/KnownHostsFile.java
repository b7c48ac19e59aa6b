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

/** Host keys from an OpenSSH known_hosts file (plain and hashed host names; no wildcards). */
final class KnownHostsFile {

  private record Entry(String hosts, HostKeyPin key) {
  }

  private final List<Entry> entries = new ArrayList<>();

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
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("@")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      try {
        entries.add(new Entry(parts[0], HostKeyPin.parse(parts.length > 1 ? parts[1] : "")));
      } catch (IllegalArgumentException e) {
        errors.add(file + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
  }

  /** The keys recorded for {@code address} on {@code port}. */
  List<HostKeyPin> keysFor(String address, int port) {
    String name = port == 22 ? address : "[" + address + "]:" + port;
    List<HostKeyPin> keys = new ArrayList<>();
    for (Entry entry : entries) {
      for (String pattern : entry.hosts().split(",")) {
        if (pattern.equals(name) || hashedMatch(pattern, name)) {
          keys.add(entry.key());
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
