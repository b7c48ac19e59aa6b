package io.drover.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.inventory.Inventory;
import io.drover.inventory.InventoryLoader;
import io.drover.operation.Action;
import io.drover.plan.PlanBpmn;
import io.drover.plan.PlanLoader;
import io.drover.plan.PlanSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every model Drover ships ({@code bpmn/}, the built-in approval), compiles (every runbook under
 * {@code ops/}) or generates (every plan under {@code ops/}, each action, with and without its
 * approval) passes the rules of Camunda Modeler's problems panel: bpmnlint's {@code recommended}
 * set, from npm ({@code ops/tools/bpmnlint}, installed by {@code ops/test-deps.sh}), with no error
 * and no warning.
 */
class ModelerLintTest {

  static final Path LINT = Path.of("ops/tools/bpmnlint");
  static final Path OUT = Path.of("target/modeler-lint");

  @Test
  void everyShippedCompiledAndGeneratedModelPassesBpmnlintRecommended() throws Exception {
    List<Path> models = models();
    assertThat(models).as("models to lint").hasSizeGreaterThan(10);
    Path bin = LINT.resolve("node_modules/.bin/bpmnlint");
    assertThat(bin).as("bpmnlint is not installed: run ops/test-deps.sh (npm ci in " + LINT + ")").isExecutable();
    List<String> command = new ArrayList<>(List.of(bin.toAbsolutePath().toString()));
    models.forEach(m -> command.add(m.toAbsolutePath().toString()));
    Process lint = new ProcessBuilder(command).directory(LINT.toFile()).redirectErrorStream(true).start();
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(output.strip()).as("bpmnlint on " + models.size() + " models").isEmpty();
    assertThat(lint.exitValue()).isZero();
  }

  @Test
  void theLintCatchesAModelWithoutReferences() throws Exception {
    Path bin = LINT.resolve("node_modules/.bin/bpmnlint");
    assertThat(bin).as("bpmnlint is not installed: run ops/test-deps.sh").isExecutable();
    Files.createDirectories(OUT);
    Path bare = OUT.resolve("bare.bpmn");
    Files.writeString(bare, Files.readString(Path.of("bpmn/demo-migrate.bpmn"))
        .replaceAll("\\s*<bpmn:(incoming|outgoing)>[^<]*</bpmn:\\1>", ""));
    Process lint = new ProcessBuilder(bin.toAbsolutePath().toString(), bare.toAbsolutePath().toString())
        .directory(LINT.toFile()).redirectErrorStream(true).start();
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("no-disconnected");
    assertThat(lint.exitValue()).isNotZero();
  }

  static List<Path> models() throws IOException {
    List<Path> models = new ArrayList<>();
    try (Stream<Path> shipped = Files.list(Path.of("bpmn"))) {
      shipped.filter(f -> f.toString().endsWith(".bpmn")).sorted().forEach(models::add);
    }
    models.add(Path.of("src/main/resources/builtin/drover-approval.bpmn"));
    Files.createDirectories(OUT);
    compile(Path.of("ops/runbooks"), Path.of("ops/inventory"), models);
    compile(Path.of("ops/lab/runbooks"), Path.of("ops/lab/inventory"), models);
    // a rehearsal with its cleanup section: the cleanup after the steps and after each failed step
    Path rehearsal = OUT.resolve("payments-rehearse-cleanup.bpmn");
    Files.writeString(rehearsal, BpmnWriter.write(RunbookCompilerTest.COMPILER.compile("payments.runbook", "payments",
        RunbookCompilerTest.REHEARSAL).procedures().get(0)));
    models.add(rehearsal);
    Path asked = OUT.resolve("payments-rehearse-cleanup-ask.bpmn");
    Files.writeString(asked, BpmnWriter.write(RunbookCompilerTest.COMPILER.compile("payments.runbook", "payments",
        RunbookCompilerTest.REHEARSAL.replace("onFailure = DIE", "onFailure = ASK")).procedures().get(0)));
    models.add(asked);
    Inventory lab = InventoryLoader.forPlanning(null).load(Path.of("ops/lab/inventory"));
    for (Map.Entry<String, PlanSpec> plan : new PlanLoader(lab).load(Path.of("ops/lab/inventory/plans")).entrySet()) {
      for (Action action : Action.values()) {
        for (String approval : new String[] {null, "dr-approvers"}) {
          Path file = OUT.resolve("plan-" + plan.getKey() + "-" + action.id() + (approval == null ? "" : "-approved")
              + ".bpmn");
          Files.writeString(file, PlanBpmn.write(plan.getValue(), action.id(), approval));
          models.add(file);
        }
      }
    }
    return models;
  }

  private static void compile(Path runbooks, Path inventoryDir, List<Path> models) throws IOException {
    RunbookCompiler compiler = new RunbookCompiler(RunbookTemplate.shipped(),
        InventoryLoader.forPlanning(null).load(inventoryDir));
    try (Stream<Path> files = Files.list(runbooks)) {
      for (Path runbook : files.filter(f -> f.toString().endsWith(".runbook")).sorted().toList()) {
        RunbookCompiler.Result result = compiler.compile(runbook.toString(), RunbookCompiler.serviceOf(runbook),
            Files.readString(runbook));
        assertThat(result.diagnostics()).as(runbook.toString()).isEmpty();
        for (ProcedureModel procedure : result.procedures()) {
          Path file = OUT.resolve(procedure.id() + ".bpmn");
          Files.writeString(file, BpmnWriter.write(procedure));
          models.add(file);
        }
      }
    }
  }
}
