package io.drover.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The patent's step 210 for a signed-in person: may this user, with these roles and groups, request
 * this action on this service from this origin? Answers with the rule that refused, or nothing.
 */
@Component
public class AccessRules {

  private final SecurityProperties properties;

  public AccessRules(SecurityProperties properties) {
    this.properties = properties;
  }

  /** Who asks: name, realm roles, groups, and the origin address as the server sees it. */
  public record Caller(String name, Set<String> roles, Set<String> groups, String origin) {

    /**
     * The person behind a bearer token (realm roles are its {@code ROLE_} authorities, groups its
     * {@code GROUP_} ones), or null when the request carries none (open API).
     */
    public static Caller of(java.security.Principal principal, String origin) {
      if (principal instanceof org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken web
          && web.getPrincipal() instanceof org.springframework.security.oauth2.core.oidc.user.OidcUser user) {
        // signed in to the web apps through Keycloak: the ID token's groups and roles
        Set<String> roles = new TreeSet<>();
        if (user.getClaimAsStringList("roles") != null) {
          roles.addAll(user.getClaimAsStringList("roles"));
        }
        Set<String> groups = new TreeSet<>();
        if (user.getClaimAsStringList("groups") != null) {
          user.getClaimAsStringList("groups").forEach(g -> groups.add(g.replaceFirst("^/", "")));
        }
        return new Caller(user.getPreferredUsername(), roles, groups, origin);
      }
      if (!(principal instanceof JwtAuthenticationToken token)) {
        return null;
      }
      Set<String> roles = new TreeSet<>();
      Set<String> groups = new TreeSet<>();
      token.getAuthorities().forEach(a -> {
        if (a.getAuthority().startsWith("ROLE_")) {
          roles.add(a.getAuthority().substring(5));
        } else if (a.getAuthority().startsWith("GROUP_")) {
          groups.add(a.getAuthority().substring(6));
        }
      });
      return new Caller(token.getName(), roles, groups, origin);
    }
  }

  /** Empty when allowed; otherwise which rule refused. */
  public Optional<String> refusal(Caller caller, String service, String action) {
    SecurityProperties.ServiceRule rule = properties.services().get(service);
    List<String> roles = rule != null && rule.actions() != null && rule.actions().containsKey(action)
        ? rule.actions().get(action) : List.of("dr-operator");
    String group = group(service);
    if (roles.stream().noneMatch(caller.roles()::contains)) {
      return Optional.of("action " + action + " on " + service + " needs role " + String.join(" or ", roles) + "; "
          + caller.name() + " has " + (caller.roles().isEmpty() ? "none" : String.join(", ", caller.roles())));
    }
    if (!caller.groups().contains(group)) {
      return Optional.of(caller.name() + " is not in group " + group + ", which may operate " + service);
    }
    return originRefusal(service, caller.origin());
  }

  /**
   * Empty when the service's rule lets requests, approvals and decisions come from {@code origin}
   * (no rule: from anywhere); otherwise which rule refused.
   */
  public Optional<String> originRefusal(String service, String origin) {
    SecurityProperties.ServiceRule rule = properties.services().get(service);
    List<String> origins = rule == null || rule.origins() == null ? List.of() : rule.origins();
    if (!origins.isEmpty() && (origin == null || origins.stream().noneMatch(cidr -> contains(cidr, origin)))) {
      return Optional.of("requests for " + service + " may only come from " + String.join(", ", origins) + ", not "
          + origin);
    }
    return Optional.empty();
  }

  /**
   * Who requests: the signed-in person, or in open mode {@code unauthenticated:} and the name the
   * client claims (header {@code X-Drover-User}), cleaned.
   */
  public static String requester(java.security.Principal principal, String claimed) {
    if (principal != null) {
      return principal.getName();
    }
    return "unauthenticated:" + (claimed == null || claimed.isBlank() ? "anonymous" : claimed.replaceAll("[^\\w.@-]", ""));
  }

  /** Administrators: the Keycloak group that administers Camunda too, or the realm role dr-admin. */
  public static final String ADMIN_GROUP = "dr-admins";
  public static final String ADMIN_ROLE = "dr-admin";

  /**
   * Whether the caller may read a service's state, runs and logs: its group's members and
   * administrators. Null (open API, the demo on loopback) reads everything.
   */
  public boolean mayRead(Caller caller, String service) {
    return caller == null || isAdmin(caller) || caller.groups().contains(group(service));
  }

  public static boolean isAdmin(Caller caller) {
    return caller == null || caller.groups().contains(ADMIN_GROUP) || caller.roles().contains(ADMIN_ROLE);
  }

  /** The group of the people who work on a service: its rule's, default {@code service-<service>}. */
  public String group(String service) {
    SecurityProperties.ServiceRule rule = properties.services().get(service);
    return rule != null && rule.group() != null ? rule.group() : "service-" + service;
  }

  /** The client's address: the peer, or the last X-Forwarded-For hop when the peer is a trusted proxy. */
  public String origin(String peer, String forwardedFor) {
    if (forwardedFor == null || forwardedFor.isBlank() || !properties.trustedProxies().contains(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    return hops[hops.length - 1].strip();
  }

  public static boolean contains(String cidr, String address) {
    try {
      String[] parts = cidr.split("/");
      byte[] network = InetAddress.getByName(parts[0]).getAddress();
      byte[] candidate = InetAddress.getByName(address).getAddress();
      if (network.length != candidate.length) {
        return false;
      }
      int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : network.length * 8;
      for (int i = 0; i < network.length; i++) {
        int take = Math.max(0, Math.min(8, bits - i * 8));
        int mask = take == 0 ? 0 : (0xff << (8 - take)) & 0xff;
        if ((network[i] & mask) != (candidate[i] & mask)) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException | NumberFormatException e) {
      return false;
    }
  }

}
