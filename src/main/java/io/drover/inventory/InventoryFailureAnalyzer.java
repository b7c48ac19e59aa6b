package io.drover.inventory;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Tells the operator which inventory file and line to fix when the server refuses to start. */
class InventoryFailureAnalyzer extends AbstractFailureAnalyzer<InventoryException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InventoryException cause) {
    return new FailureAnalysis("The inventory is invalid, so Drover did not start:\n  "
        + String.join("\n  ", cause.errors()),
        "Fix each file:line above (see README, 'Inventory'), then start Drover again.", cause);
  }
}
