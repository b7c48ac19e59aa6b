package io.drover.plan;

import io.drover.codes.DroverLogger;

/** The coded messages of plans ({@code DROVER-PLAN-nnn}). */
public final class PlanLogger extends DroverLogger {

  public static final PlanLogger LOG = new PlanLogger();

  private PlanLogger() {
    super("io.drover.plan");
  }

  public String unknownPlanRun(String planRunId) {
    return "DROVER-PLAN-001 unknown plan run " + planRunId;
  }

  String planGone(String plan, String planRunId) {
    return "DROVER-PLAN-002 plan " + plan + " of run " + planRunId + " is no longer defined";
  }
}
