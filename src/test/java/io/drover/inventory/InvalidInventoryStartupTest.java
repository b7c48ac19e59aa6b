package io.drover.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.DroverApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The server does not start on an invalid inventory, and says which file and line to fix. Runs in a
 * JVM of its own (surefire execution "startup-refusals").
 */
@Tag("own-jvm")
class InvalidInventoryStartupTest {

  @TempDir
  Path dir;

  @Test
  void theServerRefusesToStartAndNamesTheFile() throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "hosts:\n  app:\n    address: 10.0.0.1\n    user: drover\n");
    SpringApplication app = new SpringApplication(DroverApplication.class);
    assertThatThrownBy(() -> app.run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:refuse",
        "--camunda.bpm.process-engine-name=refusal-inventory", "--camunda.bpm.job-execution.enabled=false",
        "--drover.inventory.dir=" + dir, "--drover.procedures.dir=" + dir.resolve("none")))
        .hasRootCauseInstanceOf(InventoryException.class)
        .rootCause().satisfies(cause -> {
          InventoryException e = (InventoryException) cause;
          assertThat(e.errors()).containsExactly(file + ":2: host 'app' needs 'credential'",
              file + ":2: host 'app' has no pinned host key: add 'hostKey: TYPE BASE64' (from ssh-keyscan, checked out"
                  + " of band) or put it in the known_hosts file (drover.ssh.known-hosts)");
          FailureAnalysis analysis = new InventoryFailureAnalyzer().analyze(e);
          assertThat(analysis.getDescription()).contains(file + ":2:");
          assertThat(analysis.getAction()).contains("Fix each file:line");
        });
  }
}
