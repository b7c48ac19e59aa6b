package io.drover.plan;

import io.drover.journal.Journal;
import io.drover.journal.StepAttempt;
import io.drover.operation.ProcedureLauncher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** What an operator sees of a plan run: each service's state, what it waits for, its step, its time. */
@Component
public class PlanRunView {

  private final Journal journal;
  private final ProcedureLauncher launcher;
  private final Map<String, Integer> stepCounts = new ConcurrentHashMap<>();

  private final io.drover.inventory.Inventory inventory;

  public PlanRunView(Journal journal, ProcedureLauncher launcher, io.drover.inventory.Inventory inventory) {
    this.inventory = inventory;
    this.journal = journal;
    this.launcher = launcher;
  }

  /**
   * @param state PENDING, WAITING, RUNNING or how it ended
   * @param detail what it waits for, the step it runs ("step 3 of 8: Import disk group"), or why it
   *     was skipped or failed
   * @param elapsedMillis since it started (to its end once ended), or null before it starts
   * @param rto the service's recovery time objective (ISO-8601), or null when the inventory declares none
   * @param rtoMet whether it ended successfully within its RTO counted from the plan run's start
   *     (null while running or without an RTO)
   */
  public record ServiceLine(String service, String state, String detail, String runId, boolean critical,
      List<String> dependsOn, List<String> uses, Integer step, Integer steps, Long elapsedMillis, String rto,
      Boolean rtoMet) {
  }

  public record View(String planRunId, String plan, String action, String status, String outcome, String requestedBy,
      String origin, String reason, String approvedBy, String cancelledBy, String startedAt, String endedAt,
      Long elapsedMillis, Map<String, Long> counts, List<ServiceLine> services) {
  }

  public View of(PlanRun run) {
    Instant now = Instant.now();
    List<ServiceLine> lines = run.services().stream().map(e -> line(run, e, now)).toList();
    Map<String, Long> counts = new java.util.TreeMap<>();
    lines.forEach(l -> counts.merge(l.state(), 1L, Long::sum));
    return new View(run.id(), run.plan(), run.action(), run.status(), run.outcome(), run.requestedBy(), run.origin(),
        run.reason(), run.approvedBy(), run.cancelledBy(), String.valueOf(run.startedAt()),
        run.endedAt() == null ? null : run.endedAt().toString(),
        Duration.between(run.startedAt(), run.endedAt() == null ? now : run.endedAt()).toMillis(), counts, lines);
  }

  private ServiceLine line(PlanRun run, PlanRun.Entry e, Instant now) {
    Long elapsed = e.startedAt() == null ? null
        : Duration.between(e.startedAt(), e.endedAt() == null ? now : e.endedAt()).toMillis();
    Integer step = null;
    Integer steps = null;
    String detail = e.note();
    if ("PENDING".equals(e.state())) {
      List<String> open = e.dependsOn().stream().filter(d -> !run.entry(d).ended()).toList();
      detail = open.isEmpty() ? "about to start" : "waiting on " + String.join(", ", open);
    } else if ("WAITING".equals(e.state())) {
      detail = "waiting on " + e.waitingOn();
    } else if ("RUNNING".equals(e.state()) && e.runId() != null) {
      steps = stepCounts.computeIfAbsent(e.service() + "-" + run.action(), p -> {
        String planned = launcher.plannedSteps(p);
        return planned.isBlank() ? 0 : planned.split("\n").length;
      });
      List<StepAttempt> attempts = journal.attempts(e.runId());
      if (!attempts.isEmpty()) {
        StepAttempt last = attempts.get(attempts.size() - 1);
        step = (int) attempts.stream().map(StepAttempt::stepId).distinct().count();
        detail = "step " + step + " of " + steps + ": " + (last.stepName() == null ? last.stepId() : last.stepName());
      } else {
        detail = "starting";
      }
    }
    Duration rto = inventory.service(e.service()).map(io.drover.inventory.ServiceSpec::rto).orElse(null);
    // a service in a plan is back when the plan has brought it back: its RTO counts from the plan's start
    Boolean met = rto == null || !e.ended() || e.endedAt() == null ? null
        : e.succeeded() && Duration.between(run.startedAt(), e.endedAt()).compareTo(rto) <= 0;
    return new ServiceLine(e.service(), e.state(), detail, e.runId(), e.critical(), e.dependsOn(), e.uses(), step,
        steps, elapsed, rto == null ? null : rto.toString(), met);
  }
}
