package io.drover.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Before any handler: a request must name, in its {@code Host} header, a name this server answers
 * to, so that a web page whose name was rebound to the server's address (DNS rebinding) cannot
 * drive or read it. Open mode answers only loopback ({@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}); secured mode also the host of {@code drover.web.url}, the names in
 * {@code drover.web.allowed-hosts}, and an IP literal naming the address the request arrived on (a
 * page cannot rebind an IP literal). Anything else: 421 Misdirected Request.
 */
public class HostAllowList extends OncePerRequestFilter {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final boolean secured;
  private final Set<String> names;

  public HostAllowList(boolean secured, String webUrl, String allowedHosts) {
    this.secured = secured;
    Set<String> configured = new HashSet<>(LOOPBACK);
    if (secured) {
      if (webUrl != null && !webUrl.isBlank()) {
        String host = URI.create(webUrl.strip()).getHost();
        if (host == null) {
          throw new StartupRefusedException(SecurityLogger.LOG.webUrlWithoutHost(webUrl.strip()));
        }
        configured.add(host.toLowerCase(Locale.ROOT));
      }
      Arrays.stream(allowedHosts == null ? new String[0] : allowedHosts.split(","))
          .map(name -> name.strip().toLowerCase(Locale.ROOT)).filter(name -> !name.isEmpty()).forEach(configured::add);
    }
    this.names = Set.copyOf(configured);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String name = hostName(request.getHeader("Host"));
    if (!allowed(name, request.getLocalAddr())) {
      ProblemResponse.write(response, 421, "Misdirected Request", "unknown-host", "this server does not answer"
          + " to the name in the request's Host header; open it by "
          + (secured ? "a name in DROVER_WEB_URL or DROVER_ALLOWED_HOSTS (set them on the server)"
              : "http://127.0.0.1 or http://localhost (the demo answers on loopback only)"), java.util.Map.of());
      return;
    }
    chain.doFilter(request, response);
  }

  /** The host part of a Host header, lower case, without the port; null when there is none or it is malformed. */
  static String hostName(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String host = header.strip().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 || !(end == host.length() - 1 || host.charAt(end + 1) == ':') ? null : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    String name = colon < 0 ? host : host.substring(0, colon);
    if (colon >= 0 && host.indexOf(':', colon + 1) >= 0) {
      return null;
    }
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  boolean allowed(String name, String localAddress) {
    if (name == null) {
      return false;
    }
    if (names.contains(name)) {
      return true;
    }
    InetAddress literal = literal(name);
    return literal != null && (literal.isLoopbackAddress() || (secured && literal.equals(literal(localAddress))));
  }

  /** The address an IP literal names (IPv6 with or without brackets); null for a name (never looked up). */
  private static InetAddress literal(String text) {
    if (text == null) {
      return null;
    }
    String plain = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    plain = plain.contains("%") ? plain.substring(0, plain.indexOf('%')) : plain;
    if (!IPV4.matcher(plain).matches() && !(plain.contains(":") && IPV6.matcher(plain).matches())) {
      return null;
    }
    try {
      return InetAddress.getByName(plain);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
