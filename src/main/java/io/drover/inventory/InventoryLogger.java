package io.drover.inventory;

import io.drover.codes.DroverLogger;
import java.util.List;

/** The coded messages of the inventory ({@code DROVER-INV-nnn}). */
public final class InventoryLogger extends DroverLogger {

  public static final InventoryLogger LOG = new InventoryLogger();

  private InventoryLogger() {
    super("io.drover.inventory");
  }

  String invalid(List<String> errors) {
    return "DROVER-INV-001 the inventory is invalid and was not loaded; fix these and start again:\n  "
        + String.join("\n  ", errors);
  }
}
