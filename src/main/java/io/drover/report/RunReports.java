package io.drover.report;

import io.drover.inventory.Inventory;
import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.operation.Run;
import io.drover.operation.RunStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Builds a run's evidence report: self-contained HTML, and the same as PDF. */
@Service
public class RunReports {

  /** Run log lines that belong in the report: admission, preflight, approval, a primary left unfenced. */
  private static final List<String> CHECK_LINES = List.of("RUN_ADMITTED", "PREFLIGHT", "AWAITING_APPROVAL", "APPROVED",
      "REJECTED", "PRIMARY_NOT_FENCED");

  private final RunStore runs;
  private final Inventory inventory;
  private final Journal journal;
  private final AuditTrail audit;

  public RunReports(RunStore runs, Inventory inventory, Journal journal, AuditTrail audit) {
    this.runs = runs;
    this.inventory = inventory;
    this.journal = journal;
    this.audit = audit;
  }

  public Optional<RunEvidence> evidence(String runId) {
    return runs.find(runId).map(this::evidence);
  }

  public String html(RunEvidence evidence) {
    return ReportHtml.render(evidence);
  }

  public byte[] pdf(RunEvidence evidence) {
    return ReportPdf.render(ReportHtml.render(evidence));
  }

  /** The post-exercise report of a rehearsal. */
  public String exerciseHtml(RunEvidence evidence) {
    return ExerciseHtml.render(evidence);
  }

  public byte[] exercisePdf(RunEvidence evidence) {
    return ReportPdf.render(ExerciseHtml.render(evidence));
  }

  /** The exercise report of a plan's rehearsal: every service run it started, in the plan's order. */
  public String planExerciseHtml(io.drover.plan.PlanRun plan) {
    List<RunEvidence> services = plan.services().stream().filter(e -> e.runId() != null)
        .map(e -> evidence(e.runId())).flatMap(Optional::stream).toList();
    return ExerciseHtml.renderPlan(plan, services, Instant.now());
  }

  public byte[] planExercisePdf(io.drover.plan.PlanRun plan) {
    return ReportPdf.render(planExerciseHtml(plan));
  }

  private RunEvidence evidence(Run run) {
    List<String> checks = journal.logLines(run.id(), 0).stream().map(Journal.LogLine::line)
        .filter(line -> CHECK_LINES.stream().anyMatch(line::contains)).toList();
    List<AuditTrail.Entry> entries = audit.entries().stream().filter(e -> run.id().equals(e.runId())).toList();
    return new RunEvidence(run, inventory.service(run.service()).orElse(null), journal.attempts(run.id()), checks,
        entries, audit.verify(), Instant.now());
  }
}
