package io.drover.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether a host, as {@link ServerUrl} read it, is this machine: {@code localhost}, an IPv4 address
 * in 127.0.0.0/8 written as four decimal numbers, or the IPv6 literal {@code [::1]} (and IPv4-mapped
 * 127.0.0.0/8). Decided from the spelling alone, never by asking DNS: a name that resolves to
 * 127.0.0.1 today ({@code 127.0.0.1.nip.io}) may resolve elsewhere when the request is sent.
 */
public final class Loopback {

  private Loopback() {
  }

  /** @param host a host without a trailing dot: a name, a dotted quad, or an IPv6 literal in brackets */
  public static boolean is(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      return literal(h).isLoopbackAddress();
    }
    String[] parts = h.split("\\.", -1);
    return parts.length == 4 && parts[0].equals("127") && ServerUrl.isDottedQuad(h);
  }

  /** An IPv6 literal in brackets as an address; the JDK parses a bracketed literal without any lookup. */
  static InetAddress literal(String bracketed) {
    try {
      return InetAddress.getByName(bracketed);
    } catch (UnknownHostException e) {
      throw new ServerUrl.BadUrl("cannot read the IPv6 address " + bracketed);
    }
  }
}
