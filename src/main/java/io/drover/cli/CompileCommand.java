package io.drover.cli;

import io.drover.inventory.InventoryException;
import io.drover.runbook.ProcedureModel;
import io.drover.runbook.RunbookCompiler;
import io.drover.runbook.RunbookFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover compile RUNBOOK -o DIR}. */
@Command(name = "compile", description = "Compile a runbook into one BPMN procedure per target"
    + " (<service>-<operation>.bpmn). Writes nothing if the runbook has any problem.")
class CompileCommand implements Callable<Integer> {

  @Mixin
  LocalOptions local;

  @Parameters(index = "0", description = "the runbook, named <service>.runbook")
  Path runbook;

  @Option(names = {"-o", "--output"}, required = true, description = "directory to write the BPMN files to")
  Path output;

  @Override
  public Integer call() throws Exception {
    RunbookCompiler.Result result;
    try {
      result = new RunbookFiles(local.template(), local.inventory()).compileTo(runbook, output);
    } catch (InventoryException e) {
      e.errors().forEach(System.out::println);
      return 1;
    }
    local.warnings.forEach(System.err::println);
    if (!result.valid()) {
      result.diagnostics().forEach(System.out::println);
      return 1;
    }
    for (ProcedureModel procedure : result.procedures()) {
      System.out.println("wrote " + output.resolve(procedure.id() + ".bpmn") + " (" + procedure.steps().size() + " steps)");
    }
    return 0;
  }
}
