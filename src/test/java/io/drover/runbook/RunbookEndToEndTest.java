package io.drover.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A compiled runbook runs like a hand-drawn procedure; the Fig. 3 example deploys with its diagram. */
@DroverIntegrationTest
class RunbookEndToEndTest {

  @LocalServerPort
  int port;

  @Autowired
  RepositoryService repository;

  @Test
  void aRunbookCompiledAtStartUpRunsItsCommandsOnTheHosts() throws Exception {
    TestApi api = new TestApi(port);
    JsonNode run = api.awaitEnd(api.request("rb-demo", "migrate"));
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.path("steps")).extracting(s -> s.path("stepName").asText()).containsExactly(
        "Run sh -c mkdir -p rb && echo stopped > r... on primary", "Run sh -c echo \"$0\" > rb/note {{var:servi... on primary",
        "Run sh -c mkdir -p rb && echo started > r... on standby");
    Path primary = TestWorld.demo().hosts().get(0).home();
    Path standby = TestWorld.demo().hosts().get(1).home();
    assertThat(Files.readString(primary.resolve("rb/state"))).isEqualTo("stopped\n");
    assertThat(Files.readString(primary.resolve("rb/note"))).isEqualTo("rb-demo moved; no $(expansion)\n");
    assertThat(Files.readString(standby.resolve("rb/state"))).isEqualTo("started\n");
  }

  @Test
  void theFigureThreeExampleDeploysWithNineStepsAndTheirDiagram() {
    RunbookCompiler.Result result = RunbookCompilerTest.COMPILER.compile("payments.runbook", "payments",
        RunbookCompilerTest.FIG3);
    String bpmn = BpmnWriter.write(result.procedures().get(0));
    String deployment = repository.createDeployment().name("fig3").addString("payments-migrate.bpmn", bpmn).deploy().getId();
    String definition = repository.createProcessDefinitionQuery().deploymentId(deployment).singleResult().getId();
    BpmnModelInstance model = repository.getBpmnModelInstance(definition);
    Collection<ServiceTask> tasks = model.getModelElementsByType(ServiceTask.class);
    assertThat(tasks).hasSize(9);
    Collection<BpmnShape> shapes = model.getModelElementsByType(BpmnShape.class);
    assertThat(tasks).allSatisfy(task -> assertThat(shapes).anySatisfy(shape ->
        assertThat(shape.getBpmnElement()).isEqualTo(task)));
    assertThat(tasks).extracting(ServiceTask::getName).contains("Fail storage over SRDF");
    repository.deleteDeployment(deployment, true);
  }
}
