package io.drover.inventory;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Inventory settings ({@code drover.inventory.*}).
 *
 * @param dir directory of inventory YAML files, all loaded together
 * @param knownHosts optional OpenSSH known_hosts file with pinned host keys
 */
@ConfigurationProperties("drover.inventory")
public record InventoryProperties(Path dir, Path knownHosts) {

  public InventoryProperties {
    dir = dir == null ? Path.of("ops/inventory") : dir;
  }
}
