package io.drover.runbook;

import io.drover.codes.DroverLogger;
import java.util.List;

/** The coded messages of runbooks and the runbook template ({@code DROVER-RB-nnn}, {@code DROVER-PROC-002}). */
public final class RunbookLogger extends DroverLogger {

  public static final RunbookLogger LOG = new RunbookLogger();

  private RunbookLogger() {
    super("io.drover.runbook");
  }

  String templateMissing() {
    return "DROVER-RB-000 the shipped runbook template is missing from the build";
  }

  String templateUnreadable() {
    return "DROVER-RB-001 cannot read the shipped runbook template";
  }

  String invalidRunbooks(List<String> problems) {
    return "DROVER-PROC-002 invalid runbooks, nothing was deployed; fix these and start again:\n  "
        + String.join("\n  ", problems);
  }

  String invalidRunbooksAtStart(List<String> problems) {
    return "DROVER-PROC-002 the runbooks are invalid, so Drover deployed nothing and did not start:\n  "
        + String.join("\n  ", problems);
  }
}
