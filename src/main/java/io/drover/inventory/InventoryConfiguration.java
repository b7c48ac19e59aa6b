package io.drover.inventory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the inventory once at start-up; an invalid inventory stops the server. */
@Configuration(proxyBeanMethods = false)
class InventoryConfiguration {

  @Bean
  Inventory inventory(InventoryProperties properties) {
    return new InventoryLoader(properties.knownHosts()).load(properties.dir());
  }
}
