package io.drover.cli;

import io.drover.report.ReportPdf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover report RUN [-o FILE]}: a run's evidence report, HTML or (for a .pdf file) PDF. */
@Command(name = "report", description = "Write a run's evidence report: HTML to standard output, or to FILE"
    + " (.html, or .pdf for a PDF).")
class ReportCommand implements Callable<Integer> {

  @Mixin
  ClientOptions client;

  @Parameters(index = "0", description = "the run id")
  String runId;

  @Option(names = {"-o", "--file"}, description = "file to write (.pdf: PDF, anything else: HTML)")
  Path file;

  @Override
  public Integer call() throws Exception {
    String html = client.client().getText("/api/runs/" + runId + "/report").body();
    if (file == null) {
      System.out.print(html);
      return 0;
    }
    if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
      Files.write(file, ReportPdf.render(html));
    } else {
      Files.writeString(file, html, StandardCharsets.UTF_8);
    }
    System.out.println("wrote the evidence report of run " + runId + " to " + file);
    return 0;
  }
}
