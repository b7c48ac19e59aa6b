package io.drover.report;

import io.drover.codes.DroverLogger;

/** The coded messages of evidence reports ({@code DROVER-REPORT-nnn}). */
public final class ReportLogger extends DroverLogger {

  public static final ReportLogger LOG = new ReportLogger();

  private ReportLogger() {
    super("io.drover.report");
  }

  void warmUpFailed(String why) {
    log.warn("DROVER-REPORT-001 the PDF engine could not render its warm-up page (the first report will render it): {}",
        why);
  }
}
