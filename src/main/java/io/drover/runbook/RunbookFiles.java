package io.drover.runbook;

import io.drover.inventory.Inventory;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Validates and compiles runbook and BPMN files on disk: what {@code drover validate/compile} do. */
public final class RunbookFiles {

  private final RunbookCompiler compiler;
  private final BpmnLinter linter;

  public RunbookFiles(RunbookTemplate template, Inventory inventory) {
    this.compiler = new RunbookCompiler(template, inventory);
    this.linter = new BpmnLinter(inventory);
  }

  /** Every problem of every file; runbooks by content, {@code .bpmn} files by the linter. */
  public List<Diagnostic> validate(List<Path> files) {
    List<Diagnostic> diagnostics = new ArrayList<>();
    for (Path file : files) {
      if (file.toString().endsWith(".bpmn")) {
        diagnostics.addAll(linter.lint(file));
      } else {
        diagnostics.addAll(compile(file).diagnostics());
      }
    }
    return diagnostics;
  }

  public RunbookCompiler.Result compile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      return failure(file, "not UTF-8 text");
    } catch (IOException e) {
      return failure(file, "cannot read: " + e.getMessage());
    }
    return compiler.compile(file.toString(), RunbookCompiler.serviceOf(file), text);
  }

  /** Compiles and writes {@code <service>-<operation>.bpmn} into {@code outputDir}; nothing is written on error. */
  public RunbookCompiler.Result compileTo(Path file, Path outputDir) throws IOException {
    RunbookCompiler.Result result = compile(file);
    if (!result.valid()) {
      return result;
    }
    Files.createDirectories(outputDir);
    for (ProcedureModel procedure : result.procedures()) {
      Files.writeString(outputDir.resolve(procedure.id() + ".bpmn"), BpmnWriter.write(procedure), StandardCharsets.UTF_8);
    }
    return result;
  }

  private static RunbookCompiler.Result failure(Path file, String message) {
    return new RunbookCompiler.Result(RunbookCompiler.serviceOf(file), List.of(),
        List.of(new Diagnostic(file.toString(), 1, 1, message)));
  }
}
