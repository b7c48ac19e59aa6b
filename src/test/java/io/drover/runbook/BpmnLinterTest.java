package io.drover.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.inventory.InventoryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpmnLinterTest {

  @TempDir
  Path dir;

  final BpmnLinter linter = new BpmnLinter(new InventoryLoader(null).load(Path.of("ops/inventory")));

  private Path compiledFig3() throws Exception {
    Path file = dir.resolve("payments-migrate.bpmn");
    Files.writeString(file, BpmnWriter.write(RunbookCompilerTest.COMPILER.compile("payments.runbook", "payments",
        RunbookCompilerTest.FIG3).procedures().get(0)));
    return file;
  }

  private List<String> lint(Path file) {
    return linter.lint(file).stream().map(Diagnostic::toString).toList();
  }

  @Test
  void aCompiledProcedurePasses() throws Exception {
    assertThat(lint(compiledFig3())).isEmpty();
  }

  @Test
  void eachBrokenRuleIsReportedWithItsPlace() throws Exception {
    Path file = compiledFig3();
    String text = Files.readString(file);
    Path broken = dir.resolve("payments-migrate.bpmn");
    Files.writeString(broken, text
        .replaceFirst("camunda:asyncBefore=\"true\" camunda:delegateExpression=\"\\$\\{dnsAliasStep}\"",
            "camunda:delegateExpression=\"\\${teleportStep}\"")
        .replace("<camunda:inputParameter name=\"host\">standby</camunda:inputParameter>",
            "<camunda:inputParameter name=\"host\">tokyo</camunda:inputParameter>")
        .replace("errorCode=\"DROVER_STEP_FAILED\"", "errorCode=\"OOPS\"")
        .replace("<camunda:property name=\"onFailure\" value=\"RETRY 2 DIE\" />",
            "<camunda:property name=\"onFailure\" value=\"RETRY DIE\" />"));
    List<String> errors = lint(broken);
    String f = broken.toString();
    assertThat(errors).anySatisfy(e -> assertThat(e).startsWith(f + ":3:").contains("error 'Error_StepFailed' has code 'OOPS'"));
    assertThat(errors).anySatisfy(e -> assertThat(e).matches(java.util.regex.Pattern.quote(f)
        + ":\\d+:\\d+: service task Task_DeleteDnsAliasCname1 needs camunda:delegateExpression naming a step type .*"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("service task Task_DeleteDnsAliasCname1 must be"
        + " camunda:asyncBefore=\"true\""));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("host 'tokyo' is neither primary, standby nor a host of"
        + " service payments"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("service task Task_FailStorageOverSrdf: onFailure"
        + " 'RETRY DIE' needs 'retries'"));
  }

  @Test
  void expressionsMustNameVariablesARunHas() throws Exception {
    Path broken = dir.resolve("payments-migrate.bpmn");
    String text = Files.readString(compiledFig3());
    Files.writeString(broken, text.replaceFirst("<camunda:inputParameter name=\"mountpoint\">[^<]*<",
        "<camunda:inputParameter name=\"mountpoint\">\\${ldnDirr}/data<"));
    assertThat(lint(broken)).anySatisfy(e -> assertThat(e).contains(": ${ldnDirr} names no variable a run of payments"
        + " has (its variables: none; Drover's: runId, service, operation, serviceGroup)"));
    Files.writeString(broken, text.replaceFirst("<camunda:inputParameter name=\"mountpoint\">[^<]*<",
        "<camunda:inputParameter name=\"mountpoint\">/srv/\\${service}<"));
    assertThat(lint(broken)).isEmpty();
  }

  @Test
  void theProcessIdMustMatchTheFileAndAServiceOperation() throws Exception {
    Path file = compiledFig3();
    Path renamed = dir.resolve("payments-move.bpmn");
    Files.writeString(renamed, Files.readString(file).replace("\"payments-migrate\"", "\"payments-move\""));
    assertThat(lint(renamed)).anySatisfy(e -> assertThat(e).contains("process id 'payments-move' must be"
        + " <service>-<operation> with operation migrate, takeover, failback or rehearse"));
    Path mismatch = dir.resolve("payments-takeover.bpmn");
    Files.copy(file, mismatch);
    assertThat(lint(mismatch)).anySatisfy(e -> assertThat(e).contains("process id 'payments-migrate' must equal the"
        + " file name 'payments-takeover'"));
    Path notXml = dir.resolve("payments-failback.bpmn");
    Files.writeString(notXml, "<definitions>\n<oops");
    assertThat(lint(notXml)).singleElement().asString().startsWith(notXml + ":2:").contains("not well-formed XML");
  }

  @Test
  void aRehearsalProcedureThatWouldChangeProductionIsRefusedAtEachSuchTask() throws Exception {
    Path rehearsal = dir.resolve("payments-rehearse.bpmn");
    Files.writeString(rehearsal, Files.readString(compiledFig3()).replace("payments-migrate", "payments-rehearse"));
    List<String> errors = lint(rehearsal);
    assertThat(errors).hasSize(9).allSatisfy(e -> assertThat(e).startsWith(rehearsal + ":")
        .contains("may not run in a rehearsal"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("service task Task_FailStorageOverSrdf (storageStep)"
        + " may not run in a rehearsal: a rehearsal never fails storage over"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("service task Task_DeportDiskGroupAppdgOnPrimary"
        + " (volumeGroupStep) may not run in a rehearsal: it deports a production disk group"));

    Path safe = dir.resolve("payments-rehearse.bpmn");
    Files.writeString(safe, BpmnWriter.write(RunbookCompilerTest.COMPILER.compile("p.runbook", "payments",
        "[REHEARSE]\nonFailure = DIE\n1 = run snap-app on standby | rehearsalSafe=true\n2 = probe -> tcp (RH) on"
        + " standby\n\n[RH]\nmodule = probe\nport = 18080\n").procedures().get(0)));
    assertThat(lint(safe)).isEmpty();
    // the same model under a migrate id is not refused for what it does
    Path migrate = dir.resolve("payments-migrate.bpmn");
    Files.writeString(migrate, Files.readString(safe).replace("payments-rehearse", "payments-migrate"));
    assertThat(lint(migrate)).isEmpty();
  }
}
