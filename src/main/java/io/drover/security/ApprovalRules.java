package io.drover.security;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Four-eyes approval: which runs need a second person, who may give it and how long a run waits.
 * Approvers hold the approver role and belong to the service's group; the requester never approves
 * their own run.
 */
@Component
public class ApprovalRules {

  private final SecurityProperties properties;
  private final AccessRules access;

  public ApprovalRules(SecurityProperties properties, AccessRules access) {
    this.properties = properties;
    this.access = access;
  }

  /** Whether a run of this action on this service waits for approval before its first step. */
  public boolean needed(String service, String action) {
    SecurityProperties.ServiceRule rule = properties.services().get(service);
    List<String> actions = rule != null && rule.approval() != null ? rule.approval() : properties.approval().actions();
    return actions.stream().map(String::trim).anyMatch(action::equalsIgnoreCase);
  }

  public Duration timeout(String service) {
    SecurityProperties.ServiceRule rule = properties.services().get(service);
    return rule != null && rule.approvalTimeout() != null ? rule.approvalTimeout() : properties.approval().timeout();
  }

  /** The group whose approvers see and decide the service's approval tasks. */
  public String group(String service) {
    return access.group(service);
  }

  public String role() {
    return properties.approval().role();
  }

  /**
   * Empty when {@code approver}, holding {@code groups} (roles count as groups), may approve a run
   * of {@code service} requested by {@code requester}; otherwise why not.
   */
  public Optional<String> refusal(String approver, Collection<String> groups, String service, String requester) {
    if (approver == null) {
      return Optional.of("an approval needs a signed-in approver");
    }
    if (approver.equals(requester)) {
      return Optional.of(approver + " requested this run and cannot approve it; another " + role() + " of "
          + group(service) + " must");
    }
    if (!groups.contains(role())) {
      return Optional.of(approver + " does not have role " + role() + ", which approving needs");
    }
    if (!groups.contains(group(service))) {
      return Optional.of(approver + " is not in group " + group(service) + ", whose approvers decide runs of " + service);
    }
    return Optional.empty();
  }
}
