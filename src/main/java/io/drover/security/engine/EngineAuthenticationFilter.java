package io.drover.security.engine;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import io.drover.security.AccessRules;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the person behind a bearer token the engine's current user for Camunda REST calls (Tasklist
 * actions), so that decisions and cancellations are journaled under their name and groups.
 */
class EngineAuthenticationFilter extends OncePerRequestFilter {

  private final IdentityService identity;

  EngineAuthenticationFilter(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    AccessRules.Caller caller = AccessRules.Caller.of(SecurityContextHolder.getContext().getAuthentication(), null);
    if (caller == null) {
      chain.doFilter(request, response);
      return;
    }
    // realm roles count as groups too: the approval rules look for the approver role there
    List<String> groups = new ArrayList<>(caller.groups());
    groups.addAll(caller.roles());
    identity.setAuthentication(caller.name(), groups);
    try {
      chain.doFilter(request, response);
    } finally {
      identity.clearAuthentication();
    }
  }
}
