package io.drover.plan;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Recovery plan settings ({@code drover.plans.*}).
 *
 * @param dir directory of plan files ({@code *.yaml}), loaded at start-up with the inventory; by
 *     default the inventory directory's {@code plans} (plans name the inventory's services, so they
 *     travel with it)
 * @param recheck how soon a service held back by a full resource looks again when no running
 *     service of its plan ends first (an ending service wakes those waiting at once)
 */
@ConfigurationProperties("drover.plans")
public record PlanProperties(Path dir, Duration recheck) {

  public PlanProperties {
    recheck = recheck == null ? Duration.ofSeconds(5) : recheck;
  }
}
