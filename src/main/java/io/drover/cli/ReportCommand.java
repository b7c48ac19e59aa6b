package io.drover.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover report RUN [--exercise] [-o FILE]}: a run's evidence report (or a rehearsal's exercise report), HTML or (for a .pdf file) PDF. */
@Command(name = "report", description = "Write a run's evidence report: HTML to standard output, or to FILE"
    + " (.html, or .pdf for a PDF).")
class ReportCommand implements Callable<Integer> {

  @Mixin
  ClientOptions client;

  @Parameters(index = "0", description = "the run id")
  String runId;

  @Option(names = {"-o", "--file"}, description = "file to write (.pdf: PDF, anything else: HTML)")
  Path file;

  @Option(names = "--exercise", description = "the post-exercise report of a rehearsal instead: scenario, measured"
      + " RTO, recovery point, findings, cleanup")
  boolean exercise;

  @Override
  public Integer call() throws Exception {
    String report = "/api/runs/" + runId + (exercise ? "/exercise" : "/report");
    if (file == null) {
      System.out.print(client.client().getText(report).body());
      return 0;
    }
    save(client.client(), report, file);
    System.out.println("wrote the " + (exercise ? "exercise" : "evidence") + " report of run " + runId + " to " + file);
    return 0;
  }

  /** Writes the report at API path {@code report} to {@code file}: PDF for a .pdf file, HTML otherwise. */
  static void save(io.drover.client.ApiClient api, String report, Path file) throws java.io.IOException {
    if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
      // the server renders it (its fonts loaded once): the CLI starts no PDF engine of its own
      Files.write(file, api.getBytes(report + "?format=pdf"));
    } else {
      Files.writeString(file, api.getText(report).body(), StandardCharsets.UTF_8);
    }
  }
}
