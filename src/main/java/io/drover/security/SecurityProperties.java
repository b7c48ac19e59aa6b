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
 * @param approval four-eyes approval defaults
 * @param cliClientId the public client {@code drover login} uses (device flow)
 * @param webClientId the confidential client people sign in to Cockpit, Tasklist and Admin with
 * @param webClientSecret its secret (from the environment, never committed)
 */
@ConfigurationProperties("drover.security")
public record SecurityProperties(String issuerUri, List<String> trustedProxies, Map<String, ServiceRule> services,
    java.time.Duration clockSkew, Approval approval, String cliClientId, String webClientId, String webClientSecret) {

  public SecurityProperties {
    cliClientId = cliClientId == null || cliClientId.isBlank() ? "drover-cli" : cliClientId;
    webClientId = webClientId == null || webClientId.isBlank() ? "drover-web" : webClientId;
    approval = approval == null ? new Approval(null, null, null) : approval;
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
   * @param approval the actions that need a second person's approval (default: {@code approval.actions});
   *     {@code none} for no approval
   * @param approvalTimeout how long a run waits for approval (default: {@code approval.timeout})
   */
  public record ServiceRule(Map<String, List<String>> actions, String group, List<String> origins,
      List<String> approval, java.time.Duration approvalTimeout) {
  }

  /**
   * Four-eyes approval ({@code drover.security.approval.*}).
   *
   * @param actions the actions that need approval unless a service says otherwise (default: takeover);
   *     {@code none} for no approval
   * @param timeout how long a run waits for approval before it is aborted (default: 30 minutes)
   * @param role the role an approver needs, beside the service's group (default: dr-approver)
   */
  public record Approval(List<String> actions, java.time.Duration timeout, String role) {

    public Approval {
      actions = actions == null ? List.of("takeover") : actions;
      timeout = timeout == null ? java.time.Duration.ofMinutes(30) : timeout;
      role = role == null || role.isBlank() ? "dr-approver" : role;
    }
  }
}
