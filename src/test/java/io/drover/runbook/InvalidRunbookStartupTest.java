package io.drover.runbook;

import io.drover.DroverApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;

/**
 * The server refuses to start on an invalid runbook, with the validator's messages. Runs in a JVM of
 * its own (surefire execution "startup-refusals"): a refused Camunda application would unregister
 * the engine that the other tests share.
 */
@Tag("own-jvm")
class InvalidRunbookStartupTest {

  @TempDir
  Path dir;

  @Test
  void theServerRefusesToStartOnAnInvalidRunbookWithTheSameMessages() throws Exception {
    Path procedures = Files.createDirectories(dir.resolve("procedures"));
    Files.writeString(procedures.resolve("payments.runbook"), RunbookCompilerTest.FIG3.replace("(SRDF)", "(NOSUCH)"));
    SpringApplication app = new SpringApplication(DroverApplication.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.run("--server.port=0",
            "--spring.datasource.url=jdbc:h2:mem:badrunbook", "--drover.inventory.dir=ops/inventory",
            "--camunda.bpm.process-engine-name=refusal-runbook", "--camunda.bpm.job-execution.enabled=false",
            "--drover.procedures.dir=" + procedures))
        .hasStackTraceContaining("DROVER-PROC-002 invalid runbooks, nothing was deployed")
        .hasStackTraceContaining(procedures.resolve("payments.runbook") + ":14:5: step 7 refers to NOSUCH, but there is"
            + " no section [NOSUCH]");
  }

  @Test
  void theServerRefusesARunbookAndADrawnProcedureThatDefineTheSameProcedureNamingBoth() throws Exception {
    Path procedures = Files.createDirectories(dir.resolve("procedures"));
    Files.writeString(procedures.resolve("payments.runbook"), RunbookCompilerTest.FIG3);
    Files.writeString(procedures.resolve("drawn-by-hand.bpmn"), Files.readString(
        Path.of("src/test/resources/procedures/fence-timeout-migrate.bpmn")).replace("fence-timeout-migrate",
        "payments-migrate"));
    SpringApplication app = new SpringApplication(DroverApplication.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.run("--server.port=0",
            "--spring.datasource.url=jdbc:h2:mem:clashrunbook", "--drover.inventory.dir=ops/inventory",
            "--camunda.bpm.process-engine-name=refusal-clash", "--camunda.bpm.job-execution.enabled=false",
            "--drover.procedures.dir=" + procedures))
        .hasStackTraceContaining("DROVER-PROC-002")
        .hasStackTraceContaining(procedures.resolve("payments.runbook") + ": procedure payments-migrate is also"
            + " defined in " + procedures.resolve("drawn-by-hand.bpmn"));
  }
}
