package io.drover.operation;

import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code drover_primary_not_fenced{service}}: 1 while a takeover could not fence or stop the
 * service's primary and nobody has stated since that it is fenced (alert on it: two live sites).
 */
@Component
class FencingMetrics {

  private final Inventory inventory;
  private final ServiceStateStore states;
  private final MeterRegistry registry;

  FencingMetrics(Inventory inventory, ServiceStateStore states, MeterRegistry registry) {
    this.inventory = inventory;
    this.states = states;
    this.registry = registry;
  }

  @EventListener(ApplicationReadyEvent.class)
  void register() {
    for (ServiceSpec service : inventory.services()) {
      Gauge.builder("drover.primary.not.fenced", states, s -> s.find(service.name())
              .map(state -> state.unfencedRunId() == null ? 0.0 : 1.0).orElse(0.0))
          .description("1 while a takeover could not fence the service's primary (drover fenced clears it)")
          .tag("service", service.name()).register(registry);
    }
  }
}
