package io.drover.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;

class PlannedStepsTest {

  @Test
  void listsTheServiceTasksInFlowOrderIncludingFailurePaths() {
    BpmnModelInstance model = Bpmn.readModelFromFile(new File("bpmn/demo-migrate.bpmn"));
    assertThat(PlannedSteps.of(model, "demo-migrate")).containsExactly("Stop application on primary", "Copy data to standby",
        "Start application on standby", "Check application on standby");
    assertThat(PlannedSteps.text(java.util.List.of("A", "B"))).isEqualTo("1. A\n2. B");
  }

  @Test
  void aWarnPathThatRejoinsIsNotCountedTwice() {
    BpmnModelInstance model = Bpmn.readModelFromFile(new File("src/test/resources/procedures/apr-ok-migrate.bpmn"));
    assertThat(PlannedSteps.of(model, "apr-ok-migrate")).containsExactly("Run step one", "Run step two");
  }
}
