package io.drover.plan;

import io.drover.security.AccessRules;
import io.drover.security.ApprovalRules;
import io.drover.security.SecurityProperties;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who may see, run and approve a plan: like a service's rules, from the plan file's {@code access}
 * (group, roles per action, origins, approval), with the server's approval defaults. Running and
 * approving a plan needs the plan's rules and, for every service in it, the service's own: a plan
 * never lets anyone do to a service what its rules refuse them.
 */
@Component
public class PlanAccess {

  private final SecurityProperties security;
  private final AccessRules services;
  private final ApprovalRules approvals;

  public PlanAccess(SecurityProperties security, AccessRules services, ApprovalRules approvals) {
    this.security = security;
    this.services = services;
    this.approvals = approvals;
  }

  /**
   * Each service of the plan whose own rules (role for the action, group, origin) refuse the caller
   * {@code action}, as {@code "service: rule"}, in the plan's order; empty when every service admits
   * the caller, or when the API is open (no caller).
   */
  public List<String> serviceRefusals(AccessRules.Caller caller, PlanSpec plan, String action) {
    if (caller == null) {
      return List.of();
    }
    return plan.members().stream().flatMap(m -> services.refusal(caller, m.service(), action)
        .map(rule -> m.service() + ": " + rule).stream()).toList();
  }

  /** The groups of the plan and of each of its services: who holds them all may approve every part of it. */
  public List<String> groups(PlanSpec plan) {
    java.util.Set<String> groups = new java.util.LinkedHashSet<>();
    groups.add(plan.group());
    plan.members().forEach(m -> groups.add(services.group(m.service())));
    return List.copyOf(groups);
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

  /**
   * Empty when {@code approver} may approve a run of the plan from {@code origin} under the plan's
   * rules (above, and its origins) and under each service's own (its approvers' group, its origins):
   * the stricter of the two, since the one approval stands for every service's. Otherwise why not,
   * naming every service that refuses.
   */
  public Optional<String> approvalRefusal(String approver, Collection<String> groups, PlanSpec plan, String requester,
      String origin) {
    Optional<String> planRule = approvalRefusal(approver, groups, plan, requester).or(() -> originRefusal(plan, origin));
    if (planRule.isPresent()) {
      return planRule;
    }
    List<String> refused = plan.members().stream().flatMap(m -> approvals.refusal(approver, groups, m.service(),
        requester).or(() -> services.originRefusal(m.service(), origin)).map(rule -> m.service() + ": " + rule)
        .stream()).toList();
    if (refused.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(approver + " may not approve every service of plan " + plan.name() + " (" + refused.size()
        + " refuse): " + String.join("; ", refused));
  }
}
