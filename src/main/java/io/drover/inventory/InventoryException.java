package io.drover.inventory;

import java.util.List;

/** An inventory was refused; {@link #errors()} holds every problem as {@code file:line: message}. */
public class InventoryException extends RuntimeException {

  private final List<String> errors;

  public InventoryException(List<String> errors) {
    super(InventoryLogger.LOG.invalid(errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
