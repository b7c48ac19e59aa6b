package io.drover.journal;

import io.drover.codes.DroverLogger;

/** The coded messages of the journal ({@code DROVER-JNL-nnn}). */
public final class JournalLogger extends DroverLogger {

  public static final JournalLogger LOG = new JournalLogger();

  private JournalLogger() {
    super("io.drover.journal");
  }

  void cannotWriteRunLog(String runId, Object dir, String why) {
    log.warn("DROVER-JNL-001 cannot write the run log file of run {} in {}: {}", runId, dir, why);
  }

  String notARunId(String runId) {
    return "DROVER-JNL-002 '" + runId + "' is not a run id (a UUID); nothing logged";
  }

  void cannotRemoveRunLog(String runId, String why) {
    log.warn("DROVER-JNL-003 cannot remove the run log file of {}: {}", runId, why);
  }
}
