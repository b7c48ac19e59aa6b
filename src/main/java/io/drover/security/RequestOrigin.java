package io.drover.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The origin address of the HTTP request being served on this thread, for engine listeners that
 * decide approvals and step decisions made through Camunda's REST API and web apps: the service's
 * origin rules apply to them as to run requests. Null outside a request (the job executor).
 */
public final class RequestOrigin extends OncePerRequestFilter {

  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private final AccessRules rules;

  public RequestOrigin(AccessRules rules) {
    this.rules = rules;
  }

  /** The origin of the request on this thread, or null. */
  public static String current() {
    return CURRENT.get();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    CURRENT.set(rules.origin(request.getRemoteAddr(), request.getHeader("X-Forwarded-For")));
    try {
      chain.doFilter(request, response);
    } finally {
      CURRENT.remove();
    }
  }
}
