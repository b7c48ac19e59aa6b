package io.drover.engine.jobs;

import io.drover.codes.DroverLogger;
import java.time.Duration;

/** The coded messages of the job executor: node drain and step leases ({@code DROVER-NODE-nnn}, {@code DROVER-LEASE-nnn}). */
public final class JobLogger extends DroverLogger {

  public static final JobLogger LOG = new JobLogger();

  private JobLogger() {
    super("io.drover.engine.jobs");
  }

  void stoppedWithStepsRunning(int running, Duration drain) {
    log.warn("DROVER-NODE-001 stopping with {} steps still running after {}: they go on on their hosts and are"
        + " re-attached once their lease runs out", running, drain);
  }

  void stoppedIdle() {
    log.info("DROVER-NODE-002 stopping: no step runs in this node; commands left running detached on their hosts"
        + " are watched by another node, or by this one after its restart");
  }

  void cannotRenewLeases(int steps, String why) {
    log.warn("DROVER-LEASE-001 cannot renew the leases of {} running steps: {}", steps, why);
  }
}
