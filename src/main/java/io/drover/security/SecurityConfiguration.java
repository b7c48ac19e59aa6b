package io.drover.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * With {@code drover.security.issuer-uri} set, Drover's API and Camunda's REST API take bearer
 * tokens (JWT) signed by that Keycloak realm; realm roles become {@code ROLE_*}, groups
 * {@code GROUP_*}. Every 401 and 403 is an audit record. Without it the API is open: the demo, on
 * loopback. Camunda's web apps keep their own sign-in either way.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  /** The OAuth2 client registration Cockpit, Tasklist and the operator sign in through. */
  public static final String KEYCLOAK_REGISTRATION = "keycloak";


  @Bean
  @Order(1)
  SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, RefusalAudit audit, AccessRules rules)
      throws Exception {
    // ant matchers: Camunda's REST API is a Jersey servlet, not Spring MVC
    http.securityMatcher(new OrRequestMatcher(new AntPathRequestMatcher("/api/**"),
            new AntPathRequestMatcher("/engine-rest/**")))
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    if (!properties.enabled()) {
      SecurityLogger.LOG.openMode();
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(SecurityConfiguration::authorities);
    converter.setPrincipalClaimName("preferred_username");
    return http.authorizeHttpRequests(a -> a.requestMatchers(new AntPathRequestMatcher(AuthInfoController.PATH, "GET"))
            .permitAll().anyRequest().authenticated())
        .oauth2ResourceServer(o -> o.jwt(j -> j.jwtAuthenticationConverter(converter))
            .authenticationEntryPoint((request, response, e) -> refuse(request, response, HttpStatus.UNAUTHORIZED,
                "unauthenticated", "a valid bearer token from " + properties.issuerUri() + " is needed: " + e.getMessage(),
                "anonymous", audit, rules))
            .accessDeniedHandler((request, response, e) -> refuse(request, response, HttpStatus.FORBIDDEN, "forbidden",
                e.getMessage(), String.valueOf(request.getUserPrincipal() == null ? "anonymous"
                    : request.getUserPrincipal().getName()), audit, rules)))
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain webApps(HttpSecurity http, SecurityProperties properties) throws Exception {
    // Camunda's web apps have their own CSRF protection (X-XSRF-TOKEN)
    http.csrf(csrf -> csrf.disable()).headers(h -> h.frameOptions(f -> f.sameOrigin()));
    if (!properties.enabled()) {
      // demo: Cockpit, Tasklist and Admin sign people in themselves (built-in demo user)
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
    // everyone signs in through Keycloak; Camunda learns who it is (security.engine.WebSignInConfiguration)
    return http.authorizeHttpRequests(a -> a.requestMatchers(new AntPathRequestMatcher("/error")).permitAll()
            // health and metrics for the node's own scraper (Prometheus agent, load balancer probe on the host)
            .requestMatchers(request -> request.getRequestURI().startsWith("/actuator/")
                && isLoopback(request.getRemoteAddr())).permitAll()
            .anyRequest().authenticated())
        .oauth2Login(o -> o.loginPage("/oauth2/authorization/" + KEYCLOAK_REGISTRATION))
        .logout(l -> l.logoutRequestMatcher(new AntPathRequestMatcher("/logout", "POST")).logoutSuccessUrl("/"))
        .build();
  }

  @Bean
  JwtDecoder jwtDecoder(SecurityProperties properties) {
    // resolved on first use, so the server starts while Keycloak is still starting
    return new SupplierJwtDecoder(() -> {
      String issuer = properties.enabled() ? properties.issuerUri() : "http://issuer.invalid/";
      NimbusJwtDecoder decoder = JwtDecoders.fromIssuerLocation(issuer);
      decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(properties.clockSkew()),
          new JwtIssuerValidator(issuer), SecurityConfiguration::accessTokenForDrover));
      return decoder;
    });
  }

  /** The API audience a token must name (the realm's audience mapper adds it to access tokens). */
  static final String AUDIENCE = "drover";

  /**
   * Only an access token issued for Drover: Keycloak's {@code typ} is {@code Bearer} (an ID or
   * refresh token is refused) and the audience names {@value #AUDIENCE}.
   */
  static OAuth2TokenValidatorResult accessTokenForDrover(Jwt jwt) {
    String type = jwt.getClaimAsString("typ");
    if (!"Bearer".equals(type)) {
      return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token is " + (type == null
          ? "of no type" : "a '" + type + "' token") + ", not an access token (typ Bearer)", null));
    }
    List<String> audience = jwt.getAudience();
    if (audience == null || !audience.contains(AUDIENCE)) {
      return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token's audience " + audience
          + " does not name '" + AUDIENCE + "': the client that issued it needs the realm's 'audience drover' mapper",
          null));
    }
    return OAuth2TokenValidatorResult.success();
  }

  static Collection<GrantedAuthority> authorities(Jwt jwt) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    Object realmAccess = jwt.getClaims().get("realm_access");
    if (realmAccess instanceof Map<?, ?> map && map.get("roles") instanceof Collection<?> roles) {
      roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
    }
    List<String> groups = jwt.getClaimAsStringList("groups");
    if (groups != null) {
      groups.forEach(group -> authorities.add(new SimpleGrantedAuthority("GROUP_" + group.replaceFirst("^/", ""))));
    }
    return authorities;
  }

  private static boolean isLoopback(String address) {
    try {
      return java.net.InetAddress.getByName(address).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
      String detail, String user, RefusalAudit audit, AccessRules rules) throws IOException {
    String origin = rules.origin(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    String path = request.getRequestURI();
    String service = path.startsWith("/api/services/") ? path.split("/")[3] : null;
    audit.refused(user, origin, service, status.value() + " " + type + ": " + request.getMethod() + " " + path + ": "
        + detail);
    ProblemResponse.write(response, status, type, detail);
  }
}
