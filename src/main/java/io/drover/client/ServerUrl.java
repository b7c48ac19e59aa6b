package io.drover.client;

import java.net.IDN;
import java.net.URI;
import java.util.Locale;

/**
 * A URL the CLI sends something to (the Drover server, the identity provider and its endpoints),
 * read by Drover's own strict parser, so that where a token may go and where it goes are decided on
 * the same host: {@link #uri()} is rebuilt from the parts checked. Anything ambiguous is refused
 * with a one-line reason ({@link BadUrl}): a user name ({@code http://127.0.0.1@evil}), spaces or
 * control characters, a query or fragment, a host with a character no host name has, an IPv6
 * address without brackets or with a zone, a number that is not a four-part decimal IPv4 address
 * ({@code 0x7f.1}, {@code 2130706433}). Host names may have {@code _}; names are compared in lower
 * case, international ones as IDNA ASCII ({@code xn--...}), one trailing dot ignored.
 */
public record ServerUrl(String scheme, String host, int port, String path, boolean loopback) {

  /** A URL the CLI will not use; the message is one line saying why. */
  public static class BadUrl extends IllegalArgumentException {
    public BadUrl(String message) {
      super(message);
    }
  }

  public static ServerUrl parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new BadUrl("no URL given");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
        throw new BadUrl("the URL '" + printable(text) + "' has a space or a control character");
      }
    }
    int sep = text.indexOf("://");
    String scheme = sep < 0 ? "" : text.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new BadUrl("the URL " + text + " must start with https:// (or http:// for this machine)");
    }
    String rest = text.substring(sep + 3);
    int end = firstOf(rest, "/?#");
    String authority = rest.substring(0, end);
    String path = rest.substring(end);
    if (path.contains("?") || path.contains("#")) {
      throw new BadUrl("the URL " + text + " must not have a query (?) or a fragment (#)");
    }
    if (authority.contains("@")) {
      throw new BadUrl("the URL " + text + " has a user name before '@': give the server's address only");
    }
    if (authority.contains("\\") || authority.contains("%")) {
      throw new BadUrl("the URL " + text + " has '\\' or '%' in its host");
    }
    String host;
    String port;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0 || !authority.substring(1, close).matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
        throw new BadUrl("cannot read the IPv6 address in " + text);
      }
      host = authority.substring(0, close + 1).toLowerCase(Locale.ROOT);
      Loopback.literal(host);
      String after = authority.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw new BadUrl("cannot read the host and port in " + text);
      }
      port = after.isEmpty() ? null : after.substring(1);
    } else {
      int colon = authority.indexOf(':');
      if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
        throw new BadUrl("the URL " + text + " has more than one ':' in its host: write an IPv6 address in brackets");
      }
      host = name(colon < 0 ? authority : authority.substring(0, colon), text);
      port = colon < 0 ? null : authority.substring(colon + 1);
    }
    ServerUrl url = new ServerUrl(scheme, host, port(port, text), path, Loopback.is(bare(host)));
    try {
      url.uri().toURL();
    } catch (IllegalArgumentException | java.net.MalformedURLException e) {
      throw new BadUrl("cannot read the URL " + text + ": " + e.getMessage());
    }
    return url;
  }

  /** The URL to connect to, rebuilt from the parts checked; a loopback host in its plain spelling. */
  public URI uri() {
    String h = loopback && !host.startsWith("[") ? bare(host) : host;
    return URI.create(scheme + "://" + h + (port < 0 ? "" : ":" + port) + path);
  }

  /** Plain HTTP to a host that is not this machine: what a token must not be sent over. */
  public boolean plainHttpBeyondLoopback() {
    return scheme.equals("http") && !loopback;
  }

  /**
   * Refuses (with a one-line message) sending {@code what} here over plain HTTP beyond loopback,
   * unless the caller said {@code --insecure}.
   */
  public void requireSafeFor(String what, boolean insecure) {
    if (plainHttpBeyondLoopback() && !insecure) {
      throw new BadUrl("will not send " + what + " over plain HTTP to " + uri() + " (not this machine): use https://,"
          + " or --insecure if this network is trusted");
    }
  }

  @Override
  public String toString() {
    return uri().toString();
  }

  /** Four decimal numbers 0-255 without leading zeros, as every resolver reads them alike. */
  static boolean isDottedQuad(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static String name(String written, String url) {
    if (written.isEmpty()) {
      throw new BadUrl("the URL " + url + " has no host");
    }
    String ascii;
    try {
      ascii = IDN.toASCII(written, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new BadUrl("cannot read the host name '" + printable(written) + "' in " + printable(url));
    }
    if (!ascii.matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.?")) {
      throw new BadUrl("the host '" + printable(written) + "' in " + printable(url) + " is not a host name");
    }
    String bare = bare(ascii);
    String last = bare.substring(bare.lastIndexOf('.') + 1);
    // as WHATWG's URL parser: a name whose last label is a number is an IPv4 address, or nothing
    if (last.matches("[0-9]+|0x[0-9a-f]*") && !isDottedQuad(bare)) {
      throw new BadUrl("the host '" + written + "' in " + url + " is not an IPv4 address written as four decimal"
          + " numbers 0-255");
    }
    return ascii;
  }

  private static int port(String port, String url) {
    if (port == null) {
      return -1;
    }
    if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      throw new BadUrl("the port in " + url + " is not a number from 1 to 65535");
    }
    return Integer.parseInt(port);
  }

  private static String bare(String host) {
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  private static int firstOf(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  /** The text with control characters shown as backslash-u-{hex}, for a message on one line. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
        out.append(String.format(Locale.ROOT, "\\u{%X}", c));
      } else {
        out.append(Character.toChars(c));
      }
    });
    return out.toString();
  }
}
