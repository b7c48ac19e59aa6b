package io.drover.plan;

import java.time.Instant;
import java.util.List;

/** A plan run as {@code drover_plan_run} records it, with its services. */
public record PlanRun(String id, String plan, String action, String status, String outcome, String requestedBy,
    String origin, String reason, String approvedBy, String cancelledBy, String processInstanceId, Instant startedAt,
    Instant endedAt, List<Entry> services) {

  public static final String AWAITING_APPROVAL = "AWAITING_APPROVAL";
  public static final String RUNNING = "RUNNING";
  public static final String CANCELLING = "CANCELLING";
  public static final String ENDED = "ENDED";

  /**
   * One service of the run.
   *
   * @param state PENDING (prerequisites not done), WAITING (for capacity), RUNNING, or how it ended:
   *     SUCCEEDED, SUCCEEDED_WITH_WARNINGS, FAILED, ABORTED, SKIPPED
   * @param waitingOn what it waits for, or why it was skipped
   */
  public record Entry(String service, int position, List<String> dependsOn, List<String> uses, boolean critical,
      String state, String waitingOn, String runId, String note, Instant startedAt, Instant endedAt) {

    public boolean ended() {
      return !List.of("PENDING", "WAITING", "RUNNING").contains(state);
    }

    public boolean succeeded() {
      return "SUCCEEDED".equals(state) || "SUCCEEDED_WITH_WARNINGS".equals(state);
    }
  }

  public Entry entry(String service) {
    return services.stream().filter(e -> e.service().equals(service)).findFirst().orElse(null);
  }
}
