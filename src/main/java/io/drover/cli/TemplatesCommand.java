package io.drover.cli;

import io.drover.step.catalog.ElementTemplates;
import io.drover.step.catalog.ParameterReference;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover templates -o DIR}: Camunda Modeler's element templates of every step type. */
@Command(name = "templates", description = "Write Camunda Modeler's element templates of every step type (from their"
    + " contracts) to a directory, e.g. bpmn/.camunda/element-templates; or print the parameter reference.")
class TemplatesCommand implements Callable<Integer> {

  @Option(names = {"-o", "--output"}, description = "directory to write the templates to")
  Path output;

  @Option(names = "--reference", description = "print the parameter reference of every step type (Markdown)")
  boolean reference;

  @Override
  public Integer call() throws Exception {
    if (reference) {
      System.out.println(ParameterReference.markdown());
      return 0;
    }
    if (output == null) {
      System.err.println("drover templates: give -o DIR (e.g. bpmn/.camunda/element-templates) or --reference");
      return 2;
    }
    for (String file : ElementTemplates.write(output)) {
      System.out.println("wrote " + output.resolve(file));
    }
    return 0;
  }
}
