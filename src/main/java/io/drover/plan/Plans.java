package io.drover.plan;

import io.drover.inventory.Inventory;
import io.drover.inventory.InventoryProperties;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The recovery plans, loaded once at start-up; an invalid plan file stops the server with its file:line. */
@Component
public class Plans {

  /** The start of every plan procedure's id. */
  public static final String PROCEDURE_PREFIX = "drover-plan-";

  private final Map<String, PlanSpec> plans;

  public Plans(PlanProperties properties, InventoryProperties inventoryProperties, Inventory inventory) {
    this.plans = new PlanLoader(inventory).load(properties.dir() != null ? properties.dir()
        : inventoryProperties.dir().resolve("plans"));
  }

  public Optional<PlanSpec> plan(String name) {
    return Optional.ofNullable(plans.get(name));
  }

  public Collection<PlanSpec> all() {
    return plans.values();
  }

  /** The id of the procedure Drover generates for a plan and action. */
  public static String procedureId(String plan, String action) {
    return PROCEDURE_PREFIX + plan + "-" + action;
  }
}
