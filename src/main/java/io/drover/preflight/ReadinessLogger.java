package io.drover.preflight;

import io.drover.codes.DroverLogger;

/** The coded messages of readiness checks ({@code DROVER-READY-nnn}). */
public final class ReadinessLogger extends DroverLogger {

  public static final ReadinessLogger LOG = new ReadinessLogger();

  private ReadinessLogger() {
    super("io.drover.preflight");
  }

  void checkFailed(String why) {
    log.warn("DROVER-READY-001 readiness check failed: {}", why);
  }
}
