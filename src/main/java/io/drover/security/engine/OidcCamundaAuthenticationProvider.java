package io.drover.security.engine;

import io.drover.security.SecurityLogger;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Tells Camunda's web apps who signed in through Keycloak (Spring Security's OIDC login): the
 * user is the Keycloak username, the Camunda groups are the person's Keycloak groups and realm
 * roles ({@code service-payments}, {@code dr-approver}...), read from the ID token.
 */
public class OidcCamundaAuthenticationProvider extends ContainerBasedAuthenticationProvider {

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser user)) {
      return AuthenticationResult.unsuccessful();
    }
    String name = user.getPreferredUsername();
    if (name == null || name.isBlank()) {
      return AuthenticationResult.unsuccessful();
    }
    AuthenticationResult result = new AuthenticationResult(name, true);
    result.setGroups(groups(user.getClaimAsStringList("groups"), user.getClaimAsStringList("roles")));
    SecurityLogger.LOG.signedInToWebApps(name, result.getGroups());
    return result;
  }

  /** Groups (leading slash dropped) and roles, as one list of Camunda group ids. */
  static List<String> groups(Collection<String> groups, Collection<String> roles) {
    Set<String> ids = new LinkedHashSet<>();
    if (groups != null) {
      groups.forEach(g -> ids.add(g.replaceFirst("^/", "")));
    }
    if (roles != null) {
      ids.addAll(roles);
    }
    return new ArrayList<>(ids);
  }
}
