package io.drover.plan;

import io.drover.security.AccessRules;
import io.drover.security.SecurityProperties;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who may see, run and approve a plan: like a service's rules, from the plan file's {@code access}
 * (group, roles per action, origins, approval), with the server's approval defaults.
 */
@Component
public class PlanAccess {

  private final SecurityProperties security;

  public PlanAccess(SecurityProperties security) {
    this.security = security;
  }

  /** Empty when the caller may request {@code action} of the plan; otherwise the rule that refused. */
  public Optional<String> refusal(AccessRules.Caller caller, PlanSpec plan, String action) {
    if (caller == null) {
      return Optional.empty();
    }
    List<String> roles = plan.roles().getOrDefault(action, List.of("dr-operator"));
    if (roles.stream().noneMatch(caller.roles()::contains)) {
      return Optional.of("action " + action + " of plan " + plan.name() + " needs role " + String.join(" or ", roles)
          + "; " + caller.name() + " has " + (caller.roles().isEmpty() ? "none" : String.join(", ", caller.roles())));
    }
    if (!caller.groups().contains(plan.group())) {
      return Optional.of(caller.name() + " is not in group " + plan.group() + ", which may run plan " + plan.name());
    }
    return originRefusal(plan, caller.origin());
  }

  public Optional<String> originRefusal(PlanSpec plan, String origin) {
    if (!plan.origins().isEmpty() && (origin == null || plan.origins().stream()
        .noneMatch(cidr -> AccessRules.contains(cidr, origin)))) {
      return Optional.of("requests for plan " + plan.name() + " may only come from " + String.join(", ", plan.origins())
          + ", not " + origin);
    }
    return Optional.empty();
  }

  /** Whether the caller may read the plan and its runs: its group and administrators (open API: everyone). */
  public boolean mayRead(AccessRules.Caller caller, PlanSpec plan) {
    return caller == null || AccessRules.isAdmin(caller) || caller.groups().contains(plan.group());
  }

  public boolean needsApproval(PlanSpec plan, String action) {
    List<String> actions = plan.approval() != null ? plan.approval() : security.approval().actions();
    return actions.stream().map(String::trim).anyMatch(action::equalsIgnoreCase);
  }

  public Duration approvalTimeout(PlanSpec plan) {
    return plan.approvalTimeout() != null ? plan.approvalTimeout() : security.approval().timeout();
  }

  /**
   * Empty when {@code approver} (with {@code groups}, roles counted as groups) may approve a run of
   * the plan requested by {@code requester}; otherwise why not.
   */
  public Optional<String> approvalRefusal(String approver, Collection<String> groups, PlanSpec plan, String requester) {
    String role = security.approval().role();
    if (approver == null) {
      return Optional.of("an approval needs a signed-in approver");
    }
    if (approver.equals(requester)) {
      return Optional.of(approver + " requested this plan run and cannot approve it; another " + role + " of "
          + plan.group() + " must");
    }
    if (!groups.contains(role)) {
      return Optional.of(approver + " does not have role " + role + ", which approving needs");
    }
    if (!groups.contains(plan.group())) {
      return Optional.of(approver + " is not in group " + plan.group() + ", whose approvers decide runs of plan "
          + plan.name());
    }
    return Optional.empty();
  }
}
