package io.drover.inventory;

import java.util.List;

/** An inventory was refused; {@link #errors()} holds every problem as {@code file:line: message}. */
public class InventoryException extends RuntimeException {

  private final List<String> errors;

  public InventoryException(List<String> errors) {
    super("DROVER-INV-001 the inventory is invalid and was not loaded; fix these and start again:\n  "
        + String.join("\n  ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
