package io.drover.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.inventory.Inventory;
import io.drover.inventory.InventoryException;
import io.drover.inventory.InventoryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan files: what they declare, the order per action, and every mistake refused with its file:line. */
class PlanLoaderTest {

  @TempDir
  Path dir;

  Inventory inventory;

  @BeforeEach
  void setUp() throws Exception {
    Path inv = Files.createDirectories(dir.resolve("inventory"));
    String key = "    credential: k\n    hostKey: \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAOUgPshiqaISWitIs2TqCDY48HP2EJGll7QvpmU4eZo\"\n";
    StringBuilder yaml = new StringBuilder("hosts:\n  h1:\n    address: 10.0.0.1\n    user: drover\n" + key
        + "  h2:\n    address: 10.0.0.2\n    user: drover\n" + key + "services:\n");
    for (String s : List.of("db", "app", "web", "batch", "other")) {
      yaml.append("  ").append(s).append(":\n    primary: { site: ").append(s.equals("other") ? "par" : "ldn")
          .append(", hosts: [h1] }\n    standby: { site: nyc, hosts: [h2] }\n");
    }
    Files.writeString(inv.resolve("inv.yaml"), yaml);
    inventory = new InventoryLoader(null).load(inv);
  }

  private Path plans(String name, String text) throws Exception {
    Path plans = Files.createDirectories(dir.resolve("plans"));
    Files.writeString(plans.resolve(name), text);
    return plans;
  }

  @Test
  void aPlanSelectsBySiteOrdersByDependenciesAndReversesThemForFailback() throws Exception {
    PlanSpec plan = new PlanLoader(inventory).load(plans("ldn.yaml", """
        description: London
        maxParallel: 3
        resources: { gatekeeper: 2 }
        select: { site: ldn }
        defaults: { uses: [gatekeeper] }
        services:
          app: { dependsOn: [db] }
          web: { dependsOn: [app], critical: false }
        """)).get("ldn");
    assertThat(plan.members()).extracting(PlanSpec.Member::service).containsExactly("app", "batch", "db", "web");
    assertThat(plan.member("web").critical()).isFalse();
    assertThat(plan.member("db").uses()).containsExactly("gatekeeper");
    assertThat(plan.group()).isEqualTo("plan-ldn");
    PlanGraph migrate = PlanGraph.of(plan, "migrate");
    assertThat(migrate.order()).containsExactly("batch", "db", "app", "web");
    assertThat(migrate.depths()).containsEntry("web", 2).containsEntry("batch", 0);
    PlanGraph failback = PlanGraph.of(plan, "failback");
    assertThat(failback.before("db")).containsExactly("app");
    assertThat(failback.order()).containsExactly("batch", "web", "app", "db");
    assertThat(migrate.dependants("db")).containsExactly("app", "web");
  }

  @Test
  void aCycleIsRefusedWithTheChainThatShowsIt() throws Exception {
    Path plans = plans("loop.yaml", """
        services:
          db: { dependsOn: [web] }
          app: { dependsOn: [db] }
          web: { dependsOn: [app] }
        """);
    assertThatThrownBy(() -> new PlanLoader(inventory).load(plans)).isInstanceOfSatisfying(InventoryException.class,
        e -> assertThat(e.errors()).containsExactly(plans.resolve("loop.yaml") + ":2: the dependencies of plan 'loop'"
            + " for migrate go round in a circle: db -> app -> web -> db; remove one of these dependsOn",
            plans.resolve("loop.yaml") + ":2: the dependencies of plan 'loop' for takeover go round in a circle:"
            + " db -> app -> web -> db; remove one of these dependsOn",
            plans.resolve("loop.yaml") + ":2: the dependencies of plan 'loop' for failback go round in a circle:"
            + " db -> web -> app -> db; remove one of these dependsOn"));
  }

  @Test
  void unknownServicesResourcesAndKeysAreRefusedWithTheirLines() throws Exception {
    Path plans = plans("bad.yaml", """
        services:
          db: { uses: [gk] }
          ghost: {}
          app: { dependsOn: [other, nobody], critical: maybe }
        wave: 1
        """);
    String file = plans.resolve("bad.yaml").toString();
    assertThatThrownBy(() -> new PlanLoader(inventory).load(plans)).isInstanceOfSatisfying(InventoryException.class,
        e -> assertThat(e.errors()).containsExactlyInAnyOrder(
            file + ":5: unknown key 'wave' in the plan file (allowed: access, defaults, description, maxParallel, plan,"
                + " resources, select, services)",
            file + ":3: service 'ghost' is not in the inventory",
            file + ":4: 'critical' must be true or false",
            file + ":2: db uses resource 'gk', which plan 'bad' does not declare under resources (declared: none)",
            file + ":4: app depends on 'other', which is not a service of plan 'bad' (add it under services)",
            file + ":4: app depends on 'nobody', which is not a service of plan 'bad' nor of the inventory"));
  }

  @Test
  void theGeneratedProcedureIsTheSameTextForTheSamePlan() throws Exception {
    PlanSpec plan = new PlanLoader(inventory).load(plans("two.yaml", """
        services:
          db: {}
          app: { dependsOn: [db] }
          web: { dependsOn: [db, app] }
        """)).get("two");
    String first = PlanBpmn.write(plan, "takeover", "plan-two");
    assertThat(PlanBpmn.write(plan, "takeover", "plan-two")).isEqualTo(first);
    assertThat(first).contains("id=\"drover-plan-two-takeover\"").contains("calledElement=\"web-takeover\"")
        .contains("<bpmn:parallelGateway id=\"Join_web\"").contains("camunda:candidateGroups=\"plan-two\"")
        .containsPattern("camunda:versionTag=\"[0-9a-f]{12}\"");
    assertThat(PlanBpmn.write(plan, "takeover", null)).doesNotContain("Task_Approve");
    org.camunda.bpm.model.bpmn.Bpmn.validateModel(org.camunda.bpm.model.bpmn.Bpmn.readModelFromStream(
        new java.io.ByteArrayInputStream(first.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }
}
