package io.drover.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a write (any path: Drover's API, Camunda's REST API, the web apps, sign-out) sent by a web
 * page of another origin: a browser
 * names the page's origin ({@code Origin}, {@code Sec-Fetch-Site}) on every cross-origin POST, the
 * "simple" multipart ones included, so a page on the internet cannot drive a demo on loopback. The
 * CLI and scripts send neither header.
 */
public class SameOriginFilter extends OncePerRequestFilter {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!READS.contains(request.getMethod()) && crossOrigin(request)) {
      ProblemResponse.write(response, HttpStatus.FORBIDDEN, "cross-origin", "a write from a web page of origin "
          + request.getHeader("Origin") + " is refused: the server takes writes from its own pages, the CLI and"
          + " scripts");
      return;
    }
    chain.doFilter(request, response);
  }

  static boolean crossOrigin(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return true;
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return false;
    }
    String own = request.getScheme() + "://" + request.getHeader("Host");
    return !origin.equalsIgnoreCase(own);
  }
}
