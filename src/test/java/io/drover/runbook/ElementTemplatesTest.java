package io.drover.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every step type has a Modeler template, and each template writes what Drover reads. */
class ElementTemplatesTest {

  static final String DECISION = "io.drover.decision";

  @Test
  void theDecisionTemplateMakesAUserTaskOnDroversDecisionFormForTheServicesGroup() throws Exception {
    JsonNode template = new ObjectMapper().readTree(
        Path.of("bpmn/.camunda/element-templates/drover-step-decision.json").toFile());
    assertThat(template.path("id").asText()).isEqualTo(DECISION);
    assertThat(template.path("appliesTo").get(0).asText()).isEqualTo("bpmn:UserTask");
    java.util.Map<String, String> fixed = new java.util.HashMap<>();
    for (JsonNode property : template.path("properties")) {
      assertThat(property.path("editable").asBoolean(true)).as(property.toString()).isFalse();
      fixed.put(property.path("binding").path("name").asText(), property.path("value").asText());
    }
    // the same as the decision tasks the runbook compiler writes
    assertThat(fixed).containsEntry("camunda:formRef", "drover-step-decision")
        .containsEntry("camunda:formRefBinding", "deployment").containsEntry("camunda:candidateGroups", "${serviceGroup}");
  }

  @Test
  void eachStepTypeHasATemplateThatBindsItsRequiredParametersAndPolicy() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Set<String> delegates = new HashSet<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(Path.of("bpmn/.camunda/element-templates"))) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path file : files) {
      JsonNode template = json.readTree(file.toFile());
      if (template.path("id").asText().equals(DECISION)) {
        continue;
      }
      assertThat(template.path("appliesTo").get(0).asText()).isEqualTo("bpmn:ServiceTask");
      Set<String> inputs = new HashSet<>();
      Set<String> properties = new HashSet<>();
      String delegate = null;
      boolean async = false;
      for (JsonNode property : template.path("properties")) {
        JsonNode binding = property.path("binding");
        switch (binding.path("type").asText()) {
          case "camunda:inputParameter" -> inputs.add(binding.path("name").asText());
          case "camunda:property" -> properties.add(binding.path("name").asText());
          case "property" -> {
            if (binding.path("name").asText().equals("camunda:delegateExpression")) {
              delegate = property.path("value").asText().replaceAll("^\\$\\{|}$", "");
              assertThat(property.path("editable").asBoolean(true)).as(file + " fixes its delegate").isFalse();
            }
            if (binding.path("name").asText().equals("camunda:asyncBefore")) {
              async = property.path("value").asBoolean();
            }
          }
          default -> {
          }
        }
      }
      assertThat(delegate).as(file.toString()).isIn(BpmnLinter.STEP_TYPES.keySet());
      assertThat(async).as(file + " is async").isTrue();
      assertThat(inputs).as(file + " binds the required parameters").containsAll(BpmnLinter.STEP_TYPES.get(delegate));
      assertThat(properties).as(file + " exposes the policy").contains("onFailure", "retries", "retryDelay");
      delegates.add(delegate);
    }
    assertThat(delegates).containsExactlyInAnyOrderElementsOf(BpmnLinter.STEP_TYPES.keySet());
  }
}
