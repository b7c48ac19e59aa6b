package io.drover.engine;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Procedure settings ({@code drover.procedures.*}).
 *
 * @param dir directory of {@code <service>-<operation>.bpmn} files, deployed at start-up
 * @param formsDir directory of Camunda Forms ({@code .form}) deployed with them
 * @param retryDelay default delay between attempts of a RETRY step (a step may set {@code retryDelay})
 * @param runbookTemplate template runbooks are checked against; null for the shipped one
 */
@ConfigurationProperties("drover.procedures")
public record ProcedureProperties(Path dir, Path formsDir, Duration retryDelay, Path runbookTemplate) {

  public ProcedureProperties {
    dir = dir == null ? Path.of("bpmn") : dir;
    formsDir = formsDir == null ? Path.of("forms") : formsDir;
    retryDelay = retryDelay == null ? Duration.ofSeconds(5) : retryDelay;
  }
}
