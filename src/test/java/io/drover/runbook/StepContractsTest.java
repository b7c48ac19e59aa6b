package io.drover.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.step.StepContract;
import io.drover.step.catalog.StepContracts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One home per step type's contract: the runbook template's modules and the Modeler element
 * templates say nothing the step types' contracts (declared in Java, beside their code) do not.
 */
class StepContractsTest {

  @Test
  void everyRunbookModuleCompilesToAStepTypeWithTheParametersItWrites() {
    for (RunbookTemplate.ModuleSpec module : RunbookTemplate.shipped().modules().values()) {
      String what = "module " + module.name();
      StepContract contract = StepContracts.byType(module.stepType()).orElseThrow(() -> new AssertionError(what
          + " compiles to step type " + module.stepType() + ", which has no contract"));
      assertThat(contract.params().keySet()).as(what + "'s keys").containsAll(module.keys().keySet());
      if (contract.actions().isEmpty()) {
        assertThat(module.actions()).as(what + ": its step type has no action").hasSize(1);
      } else {
        assertThat(contract.actions()).as(what + "'s actions").containsAll(module.actions().keySet());
      }
      StepContract.Param host = contract.params().get("host");
      assertThat(module.hostRole()).as(what + " runs on a host exactly when its step type takes one")
          .isEqualTo(host != null && host.requiredFor().contains("*") || host != null && module.driver() != null
              && module.driver().equals("postgresql"));
      if (module.driver() != null) {
        assertThat(contract.params()).as(what + " names a driver").containsKey("driver");
      }
      for (RunbookTemplate.KeySpec key : module.keys().values()) {
        assertThat(key.type().equals("command")).as(what + "'s key " + key.name() + " is an argument list exactly"
            + " when the contract says so").isEqualTo(contract.params().get(key.name()).list());
      }
    }
  }

  @Test
  void everyElementTemplateBindsOnlyParametersItsStepTypeTakes() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Path> files;
    try (Stream<Path> list = Files.list(Path.of("bpmn/.camunda/element-templates"))) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    Set<String> covered = new HashSet<>();
    for (Path file : files) {
      JsonNode template = json.readTree(file.toFile());
      if (template.path("id").asText().equals(ElementTemplatesTest.DECISION)) {
        continue; // a user task, no step type
      }
      String delegate = null;
      Set<String> inputs = new HashSet<>();
      for (JsonNode property : template.path("properties")) {
        JsonNode binding = property.path("binding");
        if (binding.path("type").asText().equals("camunda:inputParameter")) {
          inputs.add(binding.path("name").asText());
        } else if (binding.path("name").asText().equals("camunda:delegateExpression")) {
          delegate = property.path("value").asText().replaceAll("^\\$\\{|}$", "");
        }
      }
      String name = delegate;
      StepContract contract = StepContracts.byDelegate(name).orElseThrow(() -> new AssertionError(file
          + " names delegate " + name + ", which no step type declares"));
      Set<String> known = new HashSet<>(contract.params().keySet());
      if (!contract.actions().isEmpty()) {
        known.add("action");
      }
      assertThat(known).as(file + " binds only parameters of " + contract.type()).containsAll(inputs);
      // compiled runbook tasks name this template (camunda:modelerTemplate), so Modeler shows them in its panel
      assertThat(template.path("id").asText()).isEqualTo(BpmnWriter.templateId(contract.delegate()));
      covered.add(contract.delegate());
    }
    assertThat(covered).as("every step type has an element template")
        .containsExactlyInAnyOrderElementsOf(StepContracts.ALL.stream().map(StepContract::delegate).toList());
  }

  @Test
  void aContractSaysWhatEachActionNeeds() {
    StepContract probe = StepContracts.byDelegate("probeStep").orElseThrow();
    assertThat(probe.required("tcp")).containsExactlyInAnyOrder("action", "host", "port");
    assertThat(probe.required("command")).containsExactlyInAnyOrder("action", "host", "command");
    assertThat(StepContracts.byDelegate("commandStep").orElseThrow().requiredAlways())
        .containsExactlyInAnyOrder("host", "command");
  }
}
