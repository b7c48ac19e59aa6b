package io.drover.step.dns;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.TSIG;

/**
 * A TSIG key from the secret store: the {@code key "NAME" { algorithm ...; secret "..."; };} block
 * that {@code tsig-keygen} prints, or {@code ALGORITHM:NAME:SECRET}.
 */
final class TsigKeyFile {

  private static final Pattern BIND = Pattern.compile(
      "key\\s+\"?([^\"\\s{]+)\"?\\s*\\{\\s*algorithm\\s+([A-Za-z0-9-]+)\\s*;\\s*secret\\s+\"([A-Za-z0-9+/=]+)\"\\s*;\\s*}\\s*;?",
      Pattern.DOTALL);
  private static final Pattern SHORT = Pattern.compile("([A-Za-z0-9-]+):([^:\\s]+):([A-Za-z0-9+/=]+)");

  /** A parsed key and its name (the name is not secret, the key is). */
  record Key(TSIG tsig, String name) {
  }

  private TsigKeyFile() {
  }

  /** The key, or an exception whose message never contains the secret. */
  static Key parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    Matcher m = BIND.matcher(text);
    if (m.find()) {
      return new Key(new TSIG(algorithm(m.group(2)), m.group(1), m.group(3)), m.group(1));
    }
    m = SHORT.matcher(text);
    if (m.matches()) {
      return new Key(new TSIG(algorithm(m.group(1)), m.group(2), m.group(3)), m.group(2));
    }
    throw new IllegalArgumentException("the TSIG key is neither a tsig-keygen 'key \"NAME\" { algorithm ...; secret"
        + " \"...\"; };' block nor ALGORITHM:NAME:SECRET");
  }

  private static org.xbill.DNS.Name algorithm(String name) {
    return switch (name.toLowerCase()) {
      case "hmac-sha256" -> TSIG.HMAC_SHA256;
      case "hmac-sha512" -> TSIG.HMAC_SHA512;
      case "hmac-sha384" -> TSIG.HMAC_SHA384;
      case "hmac-sha224" -> TSIG.HMAC_SHA224;
      case "hmac-sha1" -> TSIG.HMAC_SHA1;
      default -> throw new IllegalArgumentException("unsupported TSIG algorithm " + name);
    };
  }
}
