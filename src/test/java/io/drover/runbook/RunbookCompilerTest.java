package io.drover.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.inventory.Inventory;
import io.drover.inventory.InventoryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Fig. 3 example, and one test per kind of error with the message it shows. */
class RunbookCompilerTest {

  static final Inventory INVENTORY = new InventoryLoader(null).load(Path.of("ops/inventory"));
  static final RunbookCompiler COMPILER = new RunbookCompiler(RunbookTemplate.shipped(), INVENTORY);
  static final String FIG3 = read("ops/runbooks/payments.runbook");

  static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> errors(String text) {
    return COMPILER.compile("p.runbook", "payments", text).diagnostics().stream().map(Diagnostic::toString).toList();
  }

  /** Fig. 3 with one line replaced. */
  private static String fig3(String line, String replacement) {
    assertThat(FIG3).contains(line);
    return FIG3.replace(line, replacement);
  }

  @Test
  void theFigureThreeExampleCompilesToNineStepsWithItsPolicies() {
    RunbookCompiler.Result result = COMPILER.compile("payments.runbook", "payments", FIG3);
    assertThat(result.diagnostics()).isEmpty();
    ProcedureModel migrate = result.procedures().get(0);
    assertThat(migrate.id()).isEqualTo("payments-migrate");
    // the version tag follows the compiled text: the same runbook, the same tag; another runbook, another
    String tag = BpmnWriter.write(migrate).replaceAll("(?s).*camunda:versionTag=\"([^\"]+)\".*", "$1");
    assertThat(tag).matches("[0-9a-f]{12}").isEqualTo(BpmnWriter.write(migrate)
        .replaceAll("(?s).*camunda:versionTag=\"([^\"]+)\".*", "$1"));
    ProcedureModel other = COMPILER.compile("payments.runbook", "payments", FIG3.replace("(APPFS) on standby",
        "(APPFS) on primary")).procedures().get(0);
    assertThat(BpmnWriter.write(other)).doesNotContain("camunda:versionTag=\"" + tag + "\"");
    assertThat(migrate.onFailure()).isEqualTo("DIE");
    assertThat(migrate.steps()).extracting(ProcedureModel.Step::name).containsExactly("Delete DNS alias CNAME1",
        "Delete DNS alias CNAME2", "Add DNS alias CNAME1", "Add DNS alias CNAME2", "Unmount file system APPFS on primary",
        "Deport disk group APPDG on primary", "Fail storage over SRDF", "Import disk group APPDG on standby",
        "Mount file system APPFS on standby");
    assertThat(migrate.steps()).extracting(ProcedureModel.Step::delegate).containsExactly("dnsAliasStep", "dnsAliasStep",
        "dnsAliasStep", "dnsAliasStep", "filesystemStep", "volumeGroupStep", "storageStep", "volumeGroupStep",
        "filesystemStep");
    assertThat(migrate.steps().get(0).onFailure()).isEqualTo("WARN");
    assertThat(migrate.steps().get(6).onFailure()).isEqualTo("RETRY 2 DIE");
    assertThat(migrate.steps().get(6).parameters()).containsEntry("gatekeeper", "gk01.example.com")
        .containsEntry("group", "payments_dg").containsEntry("driver", "srdf").containsEntry("action", "failover");
    assertThat(migrate.steps().get(4).parameters()).containsEntry("host", "primary")
        .containsEntry("mountpoint", "/srv/payments");
  }

  @Test
  void runStepsTakeTheirOwnPolicyAndTimeoutAndDataIsCopiedWithTheTransferModule() {
    String runbook = """
        [MIGRATE]
        onFailure = DIE
        1 = run app/bin/ctl stop on primary | onFailure=RETRY 2 WARN, timeout=PT2M
        2 = transfer -> copy (APPDATA)
        3 = run app/bin/ctl start on standby

        [APPDATA]
        module = transfer
        from = primary
        to = standby
        path = /srv/app/data
        timeout = PT30M
        """;
    RunbookCompiler.Result result = COMPILER.compile("t.runbook", "payments", runbook);
    assertThat(result.diagnostics()).isEmpty();
    ProcedureModel migrate = result.procedures().get(0);
    ProcedureModel.Step stop = migrate.steps().get(0);
    assertThat(stop.onFailure()).isEqualTo("RETRY 2 WARN");
    assertThat(stop.parameters()).containsEntry("timeout", "PT2M").containsEntry("command", List.of("app/bin/ctl", "stop"));
    ProcedureModel.Step copy = migrate.steps().get(1);
    assertThat(copy.delegate()).isEqualTo("transferStep");
    assertThat(copy.name()).isEqualTo("Copy data APPDATA");
    assertThat(copy.parameters()).containsEntry("from", "primary").containsEntry("to", "standby")
        .containsEntry("path", "/srv/app/data").containsEntry("timeout", "PT30M");
    assertThat(BpmnWriter.write(migrate)).contains("<camunda:property name=\"onFailure\" value=\"RETRY 2 WARN\"")
        .contains("camunda:modelerTemplate=\"io.drover.step.command\"")
        .contains("<camunda:inputParameter name=\"command\">[&quot;app/bin/ctl&quot;,&quot;stop&quot;]</camunda:inputParameter>")
        .contains("camunda:modelerTemplate=\"io.drover.step.transfer\"");
    assertThat(errors(runbook.replace("timeout=PT2M", "timeout=2 minutes"))).containsExactly(
        "p.runbook:3:5: step 1: timeout '2 minutes' is not an ISO-8601 duration such as PT2M");
    assertThat(errors(runbook.replace("timeout=PT2M", "retry=3"))).containsExactly(
        "p.runbook:3:5: step 1: 'retry=3' is not an option of a run step; write '| onFailure=WARN, timeout=PT2M'"
            + " (options: onFailure, retries, timeout, rehearsalSafe)");
    assertThat(errors(runbook.replace("RETRY 2 WARN", "SOMETIMES"))).containsExactly(
        "p.runbook:3:5: step 1: onFailure 'SOMETIMES' is not a policy: use DIE, WARN, ASK, or RETRY n DIE / RETRY n WARN"
            + " with n from 1 to 100");
    assertThat(errors(runbook.replace("path = /srv/app/data\n", ""))).anySatisfy(e -> assertThat(e).contains("path"));
  }

  @Test
  void theSameInputGivesByteIdenticalBpmn() {
    String first = BpmnWriter.write(COMPILER.compile("payments.runbook", "payments", FIG3).procedures().get(0));
    String second = BpmnWriter.write(COMPILER.compile("payments.runbook", "payments", FIG3).procedures().get(0));
    assertThat(first).isEqualTo(second).contains("<bpmndi:BPMNShape id=\"Task_FailStorageOverSrdf_di\"");
  }

  @Test
  void secretsInARunbookAreRefused() {
    assertThat(errors(fig3("credential = dns-ldn\nonFailure = WARN\n\n[CNAME2]",
        "credential = dns-ldn\npassword = hunter2\nonFailure = WARN\n\n[CNAME2]")))
        .containsExactly("p.runbook:24:1: 'password' would put a secret in the runbook: secrets live in Drover's secret"
            + " store; store it with 'drover secret put NAME' and write 'credential = NAME'");
  }

  @Test
  void eachKindOfErrorIsReportedAtItsPlace() {
    assertThat(errors(fig3("7 = srdf -> failover (SRDF)", "7 = srdf -> failover (NOSUCH)")))
        .containsExactly("p.runbook:14:5: step 7 refers to NOSUCH, but there is no section [NOSUCH]");
    assertThat(errors(fig3("7 = srdf -> failover (SRDF)", "7 = srdf -> failover (APPDG)")))
        .containsExactly("p.runbook:14:5: step 7 calls module srdf with section [APPDG], which is for module diskgroup");
    assertThat(errors(fig3("7 = srdf -> failover (SRDF)", "7 = srdf -> explode (SRDF)")))
        .containsExactly("p.runbook:14:5: module srdf has no action 'explode' (actions: failover, failback, establish, query)");
    assertThat(errors(fig3("7 = srdf -> failover (SRDF)", "7 = tape -> failover (SRDF)")))
        .containsExactly("p.runbook:14:5: unknown module 'tape' (known: cname, fs, diskgroup, srdf, pg, transfer, app, probe)");
    assertThat(errors(fig3("7 = srdf -> failover (SRDF)", "7 = srdf failover SRDF")))
        .containsExactly("p.runbook:14:5: step 7 must be 'module -> action (SECTION)', optionally followed by 'on ROLE',"
            + " or 'run PROGRAM ARGS... on ROLE'");
    assertThat(errors(fig3("9 = fs -> mount (APPFS) on standby", "9 = fs -> mount (APPFS) on tokyo")))
        .containsExactly("p.runbook:16:5: host role 'tokyo' is neither primary, standby nor a host of service payments"
            + " (app01.ldn.example.com, app01.nyc.example.com)");
    assertThat(errors(fig3("9 = fs -> mount (APPFS) on standby", "9 = fs -> mount (APPFS)")))
        .containsExactly("p.runbook:16:5: module fs runs on a host: add 'on primary', 'on standby' or 'on HOST'");
    assertThat(errors(fig3("7 = srdf -> failover (SRDF)", "7 = srdf -> failover (SRDF) on primary")))
        .containsExactly("p.runbook:14:5: module srdf does not run on a service host; remove 'on primary'");
    assertThat(errors(fig3("9 = fs -> mount", "8 = fs -> mount")))
        .containsExactly("p.runbook:16:1: key '8' appears twice in [MIGRATE]");
    assertThat(errors(fig3("9 = fs -> mount", "09 = fs -> mount (APPFS) on standby\n9 = fs -> mount")))
        .containsExactly("p.runbook:17:1: step 9 of [MIGRATE] is already defined on line 16");
  }

  @Test
  void stepKeysAndPoliciesAreChecked() {
    assertThat(errors(fig3("9 = fs -> mount", "0 = fs -> mount")))
        .containsExactly("p.runbook:16:1: key '0' in target [MIGRATE]: steps are numbered with positive whole numbers"
            + " (1 = ..., 2 = ...); other keys: onFailure, retries, retryDelay");
    assertThat(errors(fig3("onFailure = DIE\n1 =", "onFailure = RETRY 2\n1 =")))
        .containsExactly("p.runbook:7:13: onFailure 'RETRY 2' is not a policy: use DIE, WARN, ASK, or RETRY n DIE /"
            + " RETRY n WARN with n from 1 to 100");
    assertThat(errors(fig3("onFailure = DIE\n1 =", "1 =")))
        .containsExactly("p.runbook:6:2: target [MIGRATE] needs 'onFailure' (DIE, WARN, ASK or RETRY n DIE|WARN)");
  }

  @Test
  void typesAndKeysOfModuleSectionsAreChecked() {
    assertThat(errors(fig3("alias = payments.example.com", "alias = payments")))
        .containsExactly("p.runbook:22:9: 'alias' is 'payments', which must be a fully qualified DNS name such as"
            + " payments.example.com");
    assertThat(errors(fig3("mountpoint = /srv/payments", "mountpoint = srv/payments; rm -rf /")))
        .containsExactly("p.runbook:36:14: 'mountpoint' is 'srv/payments; rm -rf /', which must be an absolute path of"
            + " letters, digits and ._/@+:- (no spaces or shell characters)");
    assertThat(errors(fig3("gatekeeper = gk01.example.com", "gatekeeper = gk99.example.com")))
        .containsExactly("p.runbook:45:14: 'gatekeeper' names host 'gk99.example.com', which is not in the inventory");
    assertThat(errors(fig3("name = payments_dg", "name = payments_dg\ncolour = blue")))
        .containsExactly("p.runbook:42:1: unknown key 'colour' for module diskgroup (allowed: module, onFailure, name,"
            + " manager)");
    assertThat(errors(fig3("group = payments_dg\n", "\n")))
        .containsExactly("p.runbook:43:2: section [SRDF] (module srdf) needs 'group'");
    assertThat(errors(fig3("name = payments_dg", "name = payments_dg\nmanager = zfs")))
        .containsExactly("p.runbook:42:11: 'manager' is 'zfs', which must be one of vxvm, lvm");
    assertThat(errors(fig3("onFailure = DIE\n1 =", "onFailure = DIE\nretryDelay = 5s\n1 =")))
        .containsExactly("p.runbook:8:14: 'retryDelay' is '5s', which must be an ISO-8601 duration such as PT30S");
    assertThat(errors(fig3("primary = app01.ldn.example.com", "primary = app01..ldn")))
        .containsExactly("p.runbook:20:11: 'primary' is 'app01..ldn', which must be a host name such as"
            + " app01.ldn.example.com");
    assertThat(errors(fig3("module = diskgroup", "")))
        .containsExactly("p.runbook:39:2: section [APPDG] needs 'module' (one of cname, fs, diskgroup, srdf, pg, transfer, app, probe)");
  }

  @Test
  void theRunbookMustBelongToAServiceOfTheInventory() {
    assertThat(COMPILER.compile("x.runbook", "ledger", FIG3).diagnostics()).extracting(Diagnostic::toString)
        .contains("x.runbook:1:1: service 'ledger' is not in the inventory; add it (hosts, primary and standby sites)"
            + " before its runbook");
  }

  @Test
  void syntaxErrorsSayWhatToFix() {
    assertThat(errors("[MIGRATE\nonFailure = DIE\n")).contains("p.runbook:1:1: section header needs a closing ']'");
    assertThat(errors("[MIGRATE]\nonFailure DIE\n")).contains(
        "p.runbook:2:1: expected 'key = value', a [SECTION] header or a comment");
    assertThat(errors("[MIGRATE]\nonFailure = \"DIE\n")).contains("p.runbook:2:13: the quoted value has no closing '\"'");
    assertThat(errors("onFailure = DIE\n")).contains("p.runbook:1:1: 'onFailure' is outside any [SECTION]");
    assertThat(errors("[MIGRATE]\n[MIGRATE]\n")).contains("p.runbook:2:2: section [MIGRATE] appears twice");
  }

  @Test
  void commentsQuotesAndContinuationLinesFollowTheGrammar() {
    String text = "; comment\n[MIGRATE]   # target\nonFailure = DIE # inline\n1 = run app/bin/ctl \\\n"
        + "    \"stop now\" on primary\n";
    RunbookCompiler.Result result = COMPILER.compile("p.runbook", "payments", text);
    assertThat(result.diagnostics()).isEmpty();
    ProcedureModel.Step step = result.procedures().get(0).steps().get(0);
    assertThat(step.parameters()).containsEntry("command", List.of("app/bin/ctl", "stop now"))
        .containsEntry("host", "primary");
    assertThat(step.name()).isEqualTo("Run app/bin/ctl stop now on primary");
    assertThat(errors("[MIGRATE]\nonFailure = DIE\n1 = run echo ${x} on primary\n")).containsExactly(
        "p.runbook:3:5: '${x}': expressions are not allowed in runbook commands; write {{var:NAME}} to use a service variable");
    assertThat(errors("[MIGRATE]\nonFailure = DIE\n1 = run (APPFS) on primary\n")).containsExactly(
        "p.runbook:3:5: step 1 would run a program named '(APPFS)': 'run' takes a program and its arguments (run"
        + " PROGRAM ARGS... on ROLE); a section is used through its module (module -> action (SECTION) on ROLE)");
  }

  @Test
  void aProbeSectionMayWaitForACheckCommandInsteadOfAPort() {
    String text = "[MIGRATE]\nonFailure = DIE\n1 = probe -> command (READY) on standby\n\n[READY]\nmodule = probe\n"
        + "command = test -f /srv/app/ready\ntimeout = PT2M\n";
    RunbookCompiler.Result result = COMPILER.compile("p.runbook", "payments", text);
    assertThat(result.diagnostics()).isEmpty();
    ProcedureModel.Step step = result.procedures().get(0).steps().get(0);
    assertThat(step.delegate()).isEqualTo("probeStep");
    assertThat(step.parameters()).containsEntry("action", "command").containsEntry("host", "standby")
        .containsEntry("command", List.of("test", "-f", "/srv/app/ready")).containsEntry("timeout", "PT2M");
  }

  @Test
  void aRehearseTargetTakesOnlyStepsThatLeaveProductionAsItWasAndRefusesTheRestAtTheirLine() {
    String safe = "[REHEARSE]\nonFailure = DIE\n1 = run lvcreate -s -n app_rh vg/app on standby | rehearsalSafe=true\n"
        + "2 = probe -> tcp (RH) on standby\n3 = srdf -> query (SRDF)\n\n[RH]\nmodule = probe\nport = 18080\n\n"
        + "[SRDF]\nmodule = srdf\ngatekeeper = gk01.example.com\ngroup = payments_dg\n";
    RunbookCompiler.Result result = COMPILER.compile("p.runbook", "payments", safe);
    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.procedures().get(0).id()).isEqualTo("payments-rehearse");
    assertThat(result.procedures().get(0).steps().get(0).parameters()).containsEntry("rehearsalSafe", "true");

    // the Fig. 3 migrate as a rehearsal: every step changes production, each refused at its line
    List<String> fig3 = errors(FIG3.replace("[MIGRATE]", "[REHEARSE]"));
    assertThat(fig3).hasSize(9);
    assertThat(fig3.get(0)).startsWith("p.runbook:8:5: step 1 may not run in a rehearsal: a rehearsal never changes a"
        + " production DNS alias");
    assertThat(fig3.get(4)).startsWith("p.runbook:12:5: step 5 may not run in a rehearsal: it unmounts a production"
        + " file system").contains("mount a snapshot with a rehearsal-safe command instead");
    assertThat(fig3.get(6)).startsWith("p.runbook:14:5: step 7 may not run in a rehearsal: a rehearsal never fails"
        + " storage over");

    assertThat(errors("[REHEARSE]\nonFailure = DIE\n1 = run app/bin/ctl start on standby\n")).containsExactly(
        "p.runbook:3:5: step 1 may not run in a rehearsal: a command may change anything: mark it rehearsal-safe"
        + " (input rehearsalSafe = true; in a runbook 'rehearsalSafe=true') once it works on copies only (a snapshot,"
        + " another port or directory)");
    assertThat(errors("[REHEARSE]\nonFailure = DIE\n1 = run app/bin/ctl start on primary | rehearsalSafe=true\n"))
        .containsExactly("p.runbook:3:5: step 1 may not run in a rehearsal: it runs on the primary site, which a"
        + " rehearsal never touches: run it on the standby");
    assertThat(errors("[REHEARSE]\nonFailure = DIE\n1 = run true on standby | rehearsalSafe=yes\n")).containsExactly(
        "p.runbook:3:5: step 1: rehearsalSafe is true or false, not 'yes'");
    // the same step under a migrate target is not a rehearsal's business
    assertThat(errors("[MIGRATE]\nonFailure = DIE\n1 = run app/bin/ctl start on primary\n")).isEmpty();
  }

  /** A rehearsal with its cleanup section: a snapshot and a probe, then the snapshot's removal (also linted as Modeler would). */
  static final String REHEARSAL = "[REHEARSE]\nonFailure = DIE\n"
      + "1 = run lvcreate -s -n app_rh vg/app on standby | rehearsalSafe=true\n2 = probe -> tcp (RH) on standby\n\n"
      + "[REHEARSE-CLEANUP]\n1 = run umount /mnt/app_rh on standby | rehearsalSafe=true\n"
      + "2 = run lvremove -f vg/app_rh on standby | rehearsalSafe=true\n\n[RH]\nmodule = probe\nport = 18080\n";

  @Test
  void aRehearsalsCleanupSectionRunsAfterItsStepsAndAfterAnyOfThemDied() throws Exception {
    RunbookCompiler.Result result = COMPILER.compile("p.runbook", "payments", REHEARSAL);
    assertThat(result.diagnostics()).isEmpty();
    ProcedureModel model = result.procedures().get(0);
    assertThat(model.cleanup()).extracting(ProcedureModel.Step::id).containsExactly("Task_CleanUp", "Task_CleanUp2");
    // every cleanup step runs, even after one failed: WARN unless the section says otherwise
    assertThat(model.cleanup()).extracting(ProcedureModel.Step::onFailure).containsExactly("WARN", "WARN");
    assertThat(model.steps()).noneMatch(step -> step.id().startsWith("Task_CleanUp"));

    org.camunda.bpm.model.bpmn.BpmnModelInstance bpmn = org.camunda.bpm.model.bpmn.Bpmn.readModelFromStream(
        new java.io.ByteArrayInputStream(BpmnWriter.write(model).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    org.camunda.bpm.model.bpmn.Bpmn.validateModel(bpmn);
    java.util.Collection<org.camunda.bpm.model.bpmn.instance.BoundaryEvent> boundaries = bpmn.getModelElementsByType(
        org.camunda.bpm.model.bpmn.instance.BoundaryEvent.class);
    for (ProcedureModel.Step step : model.steps()) {
      // a failed step (DIE) goes to the cleanup, never straight to an end
      assertThat(boundaries.stream().filter(b -> b.getAttachedTo().getId().equals(step.id())).findFirst().orElseThrow()
          .getOutgoing()).extracting(flow -> flow.getTarget().getId()).containsExactly("Gateway_CleanUp");
    }
    org.camunda.bpm.model.bpmn.instance.FlowNode gateway = bpmn.getModelElementById("Gateway_CleanUp");
    assertThat(gateway.getOutgoing()).extracting(flow -> flow.getTarget().getId()).containsExactly("Task_CleanUp");
    assertThat(gateway.getIncoming()).hasSize(1 + model.steps().size());
    org.camunda.bpm.model.bpmn.instance.FlowNode first = bpmn.getModelElementById("Task_CleanUp");
    assertThat(first.getOutgoing()).extracting(flow -> flow.getTarget().getId()).containsExactly("Gateway_JoinCleanUp2");
    assertThat(bpmn.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.EndEvent.class))
        .extracting(org.camunda.bpm.model.bpmn.instance.EndEvent::getId).containsExactly("End_Succeeded");

    // an operator's abort of an ASK step leads to the cleanup too, never straight to an end
    ProcedureModel ask = COMPILER.compile("p.runbook", "payments", REHEARSAL.replace("onFailure = DIE",
        "onFailure = ASK")).procedures().get(0);
    org.camunda.bpm.model.bpmn.BpmnModelInstance asked = org.camunda.bpm.model.bpmn.Bpmn.readModelFromStream(
        new java.io.ByteArrayInputStream(BpmnWriter.write(ask).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    org.camunda.bpm.model.bpmn.Bpmn.validateModel(asked);
    assertThat(asked.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.EndEvent.class))
        .extracting(org.camunda.bpm.model.bpmn.instance.EndEvent::getId).containsExactly("End_Succeeded");
    assertThat(((org.camunda.bpm.model.bpmn.instance.FlowNode) asked.getModelElementById("Gateway_CleanUp"))
        .getIncoming()).extracting(org.camunda.bpm.model.bpmn.instance.SequenceFlow::getName).contains("abort");

    // a cleanup step is held to the rehearsal's rules, at its line; a cleanup needs a rehearsal
    assertThat(errors(REHEARSAL.replace("2 = run lvremove -f vg/app_rh on standby | rehearsalSafe=true",
        "2 = run lvremove -f vg/app on primary | rehearsalSafe=true"))).containsExactly("p.runbook:8:5: step 2 may not"
        + " run in a rehearsal: it runs on the primary site, which a rehearsal never touches: run it on the standby");
    assertThat(errors("[MIGRATE]\nonFailure = DIE\n1 = run true on primary\n\n[REHEARSE-CLEANUP]\n"
        + "1 = run true on standby | rehearsalSafe=true\n")).containsExactly("p.runbook:5:2: section [REHEARSE-CLEANUP]"
        + " cleans up after a rehearsal, but the runbook has no [REHEARSE] target");
  }
}
