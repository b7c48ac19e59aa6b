package io.drover.operation;

import io.drover.codes.DroverLogger;

/** The coded messages of runs ({@code DROVER-RUN-nnn}). */
public final class RunLogger extends DroverLogger {

  public static final RunLogger LOG = new RunLogger();

  private RunLogger() {
    super("io.drover.operation");
  }

  public String unknownRun(String runId) {
    return "DROVER-RUN-001 unknown run " + runId;
  }

  /** The cleanup run Drover starts after a rehearsal was cancelled could not start. */
  void cleanupNotStarted(String runId, String service, String why) {
    log.error("DROVER-RUN-003 the cleanup of cancelled rehearsal {} of {} could not start: {}; the service stays"
        + " CLEANUP_INCOMPLETE: look at its standby, then run: drover cleanup {}", runId, service, why, runId);
  }

  String notARunBusinessKey(String businessKey) {
    return "DROVER-RUN-002 process instance has business key '" + businessKey + "', not a run id: only Drover starts"
        + " procedures";
  }
}
