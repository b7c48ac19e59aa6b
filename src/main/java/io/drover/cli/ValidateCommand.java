package io.drover.cli;

import io.drover.inventory.InventoryException;
import io.drover.runbook.Diagnostic;
import io.drover.runbook.RunbookFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drover validate FILE...}: runbooks against the template, BPMN files against Drover's rules. */
@Command(name = "validate", description = "Check runbooks (*.runbook) and procedures (*.bpmn); print every problem as"
    + " file:line:column: message and exit 1 if there is any.")
class ValidateCommand implements Callable<Integer> {

  @Mixin
  LocalOptions local;

  @Parameters(arity = "1..*", description = "runbook or BPMN files")
  List<Path> files;

  @Override
  public Integer call() throws Exception {
    List<Diagnostic> diagnostics;
    try {
      diagnostics = new RunbookFiles(local.template(), local.inventory()).validate(files);
    } catch (InventoryException e) {
      e.errors().forEach(System.out::println);
      return 1;
    }
    local.warnings.forEach(System.out::println);
    diagnostics.forEach(System.out::println);
    if (diagnostics.isEmpty()) {
      System.out.println(files.size() + (files.size() == 1 ? " file" : " files") + " valid");
      return 0;
    }
    return 1;
  }
}
