package io.drover.step.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed element templates are exactly what the step types' contracts write, and there is no other. */
class ElementTemplatesWrittenTest {

  static final Path DIR = Path.of("bpmn/.camunda/element-templates");

  @Test
  void theCommittedTemplatesAreWhatTheContractsWrite() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, Map<String, Object>> written = ElementTemplates.all();
    List<String> committed;
    try (Stream<Path> files = Files.list(DIR)) {
      committed = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    }
    assertThat(committed).as("templates in " + DIR + " (rewrite them with: drover templates -o " + DIR + ")")
        .containsExactlyInAnyOrderElementsOf(written.keySet());
    for (Map.Entry<String, Map<String, Object>> template : written.entrySet()) {
      assertThat(json.readTree(Files.readString(DIR.resolve(template.getKey()))))
          .as(template.getKey() + " (rewrite with: drover templates -o " + DIR + ")")
          .isEqualTo(json.readTree(ElementTemplates.text(template.getValue())));
    }
  }
}
