package io.drover.security;

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
    if (!properties.enabled()) {
      return Optional.empty();
    }
    if (auth == null || auth.getUserId() == null) {
      return Optional.of("a decision on a failed step needs a signed-in operator");
    }
    List<String> groups = auth.getGroupIds() == null ? List.of() : auth.getGroupIds();
    if (!groups.contains(ROLE)) {
      return Optional.of(auth.getUserId() + " does not have role " + ROLE + ", which deciding on a failed step needs");
    }
    if (!groups.contains(access.group(service))) {
      return Optional.of(auth.getUserId() + " is not in group " + access.group(service) + ", which operates " + service);
    }
    return access.originRefusal(service, RequestOrigin.current());
  }
}
