package io.drover.security.engine;

import io.drover.security.AccessRules;
import io.drover.security.RequestOrigin;
import io.drover.security.SecurityProperties;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may decide on a failed ASK step (retry, skip, abort): like an approval, a signed-in person
 * with the operator role in the service's group. Open mode (no issuer, the demo on loopback) has no
 * identities to check.
 */
@Component
public class DecisionRules {

  static final String ROLE = "dr-operator";

  private final SecurityProperties properties;
  private final AccessRules access;

  public DecisionRules(SecurityProperties properties, AccessRules access) {
    this.properties = properties;
    this.access = access;
  }

  /** Empty when allowed; otherwise why not. Roles count as groups, as the engine sees them. */
  public Optional<String> refusal(Authentication auth, String service) {
    return refusal(auth == null ? null : auth.getUserId(), auth == null || auth.getGroupIds() == null ? List.of()
        : auth.getGroupIds(), service, RequestOrigin.current());
  }

  /** Empty when {@code user}, holding {@code groups} (roles count as groups), may decide from {@code origin}. */
  public Optional<String> refusal(String user, Collection<String> groups, String service, String origin) {
    if (!properties.enabled()) {
      return Optional.empty();
    }
    if (user == null) {
      return Optional.of("a decision on a failed step needs a signed-in operator");
    }
    if (!groups.contains(ROLE)) {
      return Optional.of(user + " does not have role " + ROLE + ", which deciding on a failed step needs");
    }
    if (!groups.contains(access.group(service))) {
      return Optional.of(user + " is not in group " + access.group(service) + ", which operates " + service);
    }
    return access.originRefusal(service, origin);
  }
}
