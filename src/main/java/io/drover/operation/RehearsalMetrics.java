package io.drover.operation;

import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Each rehearsed service's proof as gauges, tagged with the service: {@code drover_rehearsal_age_seconds}
 * (since its last successful rehearsal ended; NaN when there is none) and {@code drover_rehearsal_proven}
 * (1 when PROVEN, 0 when NEVER_REHEARSED, NEEDS_VERIFICATION or REHEARSAL_DUE). Both are computed at
 * each scrape from the record read at start and after each rehearsal.
 */
@Component
public class RehearsalMetrics {

  private final Inventory inventory;
  private final Rehearsals rehearsals;
  private final MultiGauge age;
  private final MultiGauge proven;

  public RehearsalMetrics(Inventory inventory, Rehearsals rehearsals, MeterRegistry registry) {
    this.inventory = inventory;
    this.rehearsals = rehearsals;
    this.age = MultiGauge.builder("drover.rehearsal.age").baseUnit("seconds")
        .description("seconds since the service's last successful rehearsal ended (NaN: never rehearsed)")
        .register(registry);
    this.proven = MultiGauge.builder("drover.rehearsal.proven")
        .description("1 when the service's last rehearsal succeeded, nothing changed since and it is not due")
        .register(registry);
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    refresh();
  }

  /** After a rehearsal ended, once its transaction committed. */
  @TransactionalEventListener(fallbackExecution = true)
  void ended(RehearsalEnded ended) {
    refresh();
  }

  /** Re-reads every service's rehearsal record. */
  public void refresh() {
    List<MultiGauge.Row<?>> ages = new ArrayList<>();
    List<MultiGauge.Row<?>> proofs = new ArrayList<>();
    for (ServiceSpec service : inventory.services()) {
      rehearsals.of(service).ifPresent(proof -> {
        Tags tags = Tags.of("service", service.name());
        ages.add(MultiGauge.Row.of(tags, proof, p -> p.ageSeconds(Instant.now())));
        proofs.add(MultiGauge.Row.of(tags, proof, p -> RehearsalProof.PROVEN.equals(p.status(Instant.now())) ? 1 : 0));
      });
    }
    age.register(ages, true);
    proven.register(proofs, true);
  }
}
