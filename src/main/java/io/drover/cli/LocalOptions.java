package io.drover.cli;

import io.drover.inventory.Inventory;
import io.drover.inventory.InventoryLoader;
import io.drover.runbook.RunbookTemplate;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The inventory and template that local commands (validate, compile) check against. */
class LocalOptions {

  @Option(names = "--inventory", description = "inventory directory (default: $DROVER_INVENTORY_DIR or ops/inventory)")
  Path inventory;

  @Option(names = "--known-hosts", description = "known_hosts file with pinned host keys")
  Path knownHosts;

  @Option(names = "--template", description = "runbook template (default: the one shipped with Drover)")
  Path template;

  /** Warnings from loading the inventory (hosts without a pinned key), once {@link #inventory()} ran. */
  java.util.List<String> warnings = java.util.List.of();

  /**
   * Loaded for planning: a workstation need not hold the DR server's known_hosts, so a host without a
   * pinned key is a warning here; the server refuses to start without it.
   */
  Inventory inventory() {
    Path dir = inventory != null ? inventory
        : Path.of(System.getenv().getOrDefault("DROVER_INVENTORY_DIR", "ops/inventory"));
    InventoryLoader loader = InventoryLoader.forPlanning(knownHosts);
    Inventory loaded = loader.load(dir);
    warnings = loader.unpinned();
    return loaded;
  }

  RunbookTemplate template() throws IOException {
    return template == null ? RunbookTemplate.shipped() : RunbookTemplate.load(template);
  }
}
