package io.drover.security.engine;

import io.drover.security.AccessRules;
import io.drover.security.ApprovalRules;
import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Camunda authorizations that make Cockpit and Tasklist show each person what they may see: the
 * two apps and the task filters to everyone with a Drover role; each service's procedures, runs,
 * tasks and history to that service's group (a plan's to the plan's group); the approval process definition to everyone with a
 * Drover role, while each approval task is visible to its candidate group only (Camunda grants that
 * when the task is created). Granted at start-up,
 * idempotent. Administrators (group dr-admins) get ALL on every resource: since 7.x an engine admin
 * group bypasses no query or permission check, so these grants are what lets them see and act;
 * they were left to the Keycloak plugin, which grants them only if it can look the group up in
 * Keycloak while the engine is built (it could not when Drover started first). What the REST gate
 * refuses stays refused for them too.
 */
@Component
@ConditionalOnExpression("!'${drover.security.issuer-uri:}'.isBlank()")
class CamundaAuthorizations {

  private static final Logger LOG = LoggerFactory.getLogger(CamundaAuthorizations.class);
  static final List<String> ROLES = List.of("dr-viewer", "dr-operator", "dr-approver");

  private final AuthorizationService authorizations;
  private final RepositoryService repository;
  private final Inventory inventory;
  private final ApprovalRules rules;
  private final io.drover.plan.Plans plans;

  CamundaAuthorizations(AuthorizationService authorizations, RepositoryService repository, Inventory inventory,
      ApprovalRules rules, io.drover.plan.Plans plans) {
    this.plans = plans;
    this.authorizations = authorizations;
    this.repository = repository;
    this.inventory = inventory;
    this.rules = rules;
  }

  @EventListener(ApplicationReadyEvent.class)
  void grant() {
    for (Resources resource : Resources.values()) {
      grant(AccessRules.ADMIN_GROUP, resource, "*", Permissions.ALL);
    }
    for (String role : ROLES) {
      grant(role, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
      grant(role, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
      grant(role, Resources.FILTER, "*", Permissions.READ);
      // the definition only: an approval task is visible to its candidate group, not to every role
      grant(role, Resources.PROCESS_DEFINITION, "drover-approval", Permissions.READ);
    }
    List<ProcessDefinition> definitions = repository.createProcessDefinitionQuery().latestVersion().list();
    for (ServiceSpec service : inventory.services()) {
      String group = rules.group(service.name());
      for (ProcessDefinition definition : definitions) {
        if (definition.getKey().startsWith(service.name() + "-")) {
          grant(group, Resources.PROCESS_DEFINITION, definition.getKey(), Permissions.READ, Permissions.READ_INSTANCE,
              Permissions.READ_HISTORY, Permissions.READ_TASK);
        }
      }
    }
    // a plan's procedures, runs, approval task and history to the plan's group
    for (io.drover.plan.PlanSpec plan : plans.all()) {
      for (String action : List.of("migrate", "takeover", "failback", "rehearse")) {
        grant(plan.group(), Resources.PROCESS_DEFINITION, io.drover.plan.Plans.procedureId(plan.name(), action),
            Permissions.READ, Permissions.READ_INSTANCE, Permissions.READ_HISTORY, Permissions.READ_TASK);
      }
    }
    LOG.info("Camunda authorizations granted to {} and to the group of each service and plan", ROLES);
  }

  private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
    Authorization existing = authorizations.createAuthorizationQuery().groupIdIn(group)
        .resourceType(resource).resourceId(resourceId).singleResult();
    Authorization grant = existing != null ? existing
        : authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setGroupId(group);
    grant.setResource(resource);
    grant.setResourceId(resourceId);
    for (Permission permission : permissions) {
      grant.addPermission(permission);
    }
    authorizations.saveAuthorization(grant);
  }
}
