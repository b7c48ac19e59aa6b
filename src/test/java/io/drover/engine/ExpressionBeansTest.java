package io.drover.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.support.DroverIntegrationTest;
import java.time.Duration;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A BPMN expression reaches Drover's step delegates and listeners and nothing else of the server:
 * not the inventory, not the secret store (a procedure that names them fails at that step).
 */
@DroverIntegrationTest
class ExpressionBeansTest {

  @Autowired
  RepositoryService repository;

  @Autowired
  RuntimeService runtime;

  @Autowired
  ManagementService management;

  @Test
  void anExpressionCannotReachTheServersOtherBeans() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("expr-probe").camundaHistoryTimeToLive(1).startEvent()
        .serviceTask("Task_Peek").camundaExpression("${credentialStore}").camundaResultVariable("peeked")
        .endEvent().done();
    String deployment = repository.createDeployment().name("expression probe").addModelInstance("expr-probe.bpmn", model)
        .deploy().getId();
    try {
      // started directly (Drover's admission would refuse it); the task is async, so its job evaluates the expression
      String instance = runtime.startProcessInstanceByKey("expr-probe").getId();
      await().atMost(Duration.ofSeconds(30)).until(() -> management.createJobQuery().processInstanceId(instance)
          .withException().count() == 1);
      assertThat(management.createJobQuery().processInstanceId(instance).singleResult().getExceptionMessage())
          .contains("Cannot resolve identifier 'credentialStore'");
      assertThat(runtime.getVariable(instance, "peeked")).isNull();
      runtime.deleteProcessInstance(instance, "test over");
    } finally {
      repository.deleteDeployment(deployment, true);
    }
  }

  @Autowired
  java.util.List<io.drover.step.StepType> stepTypes;

  @Test
  void theCatalogueOfContractsIsExactlyTheServersStepTypes() {
    // StepContracts.ALL is the one list (the linter, the compiler, the templates and the delegates read it):
    // every step type bean declares its contract there, and no contract lacks its bean
    assertThat(stepTypes).extracting(io.drover.step.StepType::contract)
        .containsExactlyInAnyOrderElementsOf(io.drover.step.catalog.StepContracts.ALL);
  }
}
