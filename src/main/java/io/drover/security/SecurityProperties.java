package io.drover.security;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may do what ({@code drover.security.*}).
 *
 * @param issuerUri the Keycloak realm that signs the API's bearer tokens, e.g.
 *     {@code http://127.0.0.1:8180/realms/drover}; empty: the API is open (demo only, loopback)
 * @param trustedProxies addresses whose {@code X-Forwarded-For} is believed for the client's origin
 * @param services per-service rules; a service without one needs role dr-operator and group
 *     {@code service-<service>} for every action, from any origin
 * @param clockSkew tolerance on a token's expiry and issue times
 */
@ConfigurationProperties("drover.security")
public record SecurityProperties(String issuerUri, List<String> trustedProxies, Map<String, ServiceRule> services,
    java.time.Duration clockSkew) {

  public SecurityProperties {
    clockSkew = clockSkew == null ? java.time.Duration.ofSeconds(30) : clockSkew;
    trustedProxies = trustedProxies == null ? List.of() : trustedProxies;
    services = services == null ? Map.of() : services;
  }

  /** True when tokens are required. */
  public boolean enabled() {
    return issuerUri != null && !issuerUri.isBlank();
  }

  /**
   * The rule of one service.
   *
   * @param actions for each action, the roles that may request it (default: dr-operator)
   * @param group the group a requester must belong to (default: service-SERVICE)
   * @param origins CIDR ranges requests may come from (default: anywhere)
   */
  public record ServiceRule(Map<String, List<String>> actions, String group, List<String> origins) {
  }
}
