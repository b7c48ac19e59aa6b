package io.drover.report;

import static io.drover.report.ReportHtml.esc;
import static io.drover.report.ReportHtml.row;
import static io.drover.report.ReportHtml.seconds;
import static io.drover.report.ReportHtml.time;

import io.drover.journal.StepAttempt;
import io.drover.step.RehearsalSteps;
import io.drover.operation.Run;
import io.drover.plan.PlanRun;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The post-exercise report of a rehearsal (ISO 22301 §8.5), as one self-contained XHTML page beside
 * the run's evidence report: scenario and objective, who asked and approved, the RTO measured until
 * the rehearsal instance answered its last check, the recovery point the steps reported, the steps,
 * findings with an owner and a due date to fill in, the cleanup's result, and the audit entries.
 */
final class ExerciseHtml {

  private ExerciseHtml() {
  }

  static String render(RunEvidence evidence) {
    Run run = evidence.run();
    StringBuilder html = head("DR exercise: rehearsal of " + run.service() + " (" + run.id() + ")");
    html.append("<h1>").append(esc("DR exercise report: rehearsal of " + run.service())).append("</h1>")
        .append("<p>Run ").append(esc(run.id())).append(", report made ").append(time(evidence.generatedAt()))
        .append(" by Drover from its journal and audit trail.</p>");
    service(html, evidence);
    ReportHtml.audit(html, evidence);
    return html.append("</body></html>").toString();
  }

  /** One report for a plan's rehearsal: the plan run, then each service's exercise in the plan's order. */
  static String renderPlan(PlanRun plan, List<RunEvidence> services, java.time.Instant generatedAt) {
    StringBuilder html = head("DR exercise: rehearsal of plan " + plan.plan() + " (" + plan.id() + ")");
    html.append("<h1>").append(esc("DR exercise report: rehearsal of plan " + plan.plan())).append("</h1>")
        .append("<p>Plan run ").append(esc(plan.id())).append(", report made ").append(time(generatedAt))
        .append(" by Drover from its journal and audit trail.</p><h2>Plan</h2><table>");
    row(html, "Scenario", "every service of plan " + plan.plan() + " rehearsed on its standby in the plan's"
        + " dependency order and cleaned up, production untouched");
    row(html, "Outcome", plan.outcome() == null ? plan.status() + " (not ended)" : plan.outcome());
    row(html, "Requested by", plan.requestedBy() + " from " + plan.origin() + " at " + time(plan.startedAt()));
    row(html, "Reason", plan.reason() == null ? "none given" : plan.reason());
    row(html, "Approved by", plan.approvedBy() == null ? "no approval recorded" : plan.approvedBy());
    row(html, "Ended", plan.endedAt() == null ? "not ended" : time(plan.endedAt()));
    html.append("</table><table><tr><th>Service</th><th>State</th><th>Run</th><th>Note</th></tr>");
    for (PlanRun.Entry entry : plan.services()) {
      html.append("<tr><td>").append(esc(entry.service())).append("</td><td>").append(esc(entry.state()))
          .append("</td><td>").append(esc(entry.runId() == null ? "-" : entry.runId())).append("</td><td>")
          .append(esc(entry.note() == null ? (entry.waitingOn() == null ? "" : entry.waitingOn()) : entry.note()))
          .append("</td></tr>");
    }
    html.append("</table>");
    for (RunEvidence evidence : services) {
      html.append("<h1>").append(esc("Service " + evidence.run().service())).append("</h1>");
      service(html, evidence);
    }
    if (!services.isEmpty()) {
      ReportHtml.audit(html, services.get(0).withAudit(services.stream().flatMap(e -> e.audit().stream()).toList()));
    }
    return html.append("</body></html>").toString();
  }

  private static StringBuilder head(String title) {
    return new StringBuilder("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head>"
        + "<meta charset=\"UTF-8\"/><title>").append(esc(title)).append("</title><style>").append(ReportHtml.STYLE)
        .append("td.fill { border-bottom: 1px solid #222; min-width: 60pt; }</style></head><body>");
  }

  private static void service(StringBuilder html, RunEvidence evidence) {
    scenario(html, evidence);
    result(html, evidence);
    findings(html, evidence);
    cleanup(html, evidence);
    ReportHtml.steps(html, evidence);
  }

  private static void scenario(StringBuilder html, RunEvidence evidence) {
    Run run = evidence.run();
    html.append("<h2>Scenario and objective</h2><table>");
    String standby = evidence.service() == null ? "its standby site" : "standby site " + evidence.service().standby()
        .name() + " (" + String.join(", ", evidence.service().standby().hosts()) + ")";
    String primary = evidence.service() == null ? "the primary" : "primary site " + evidence.service().primary().name();
    row(html, "Scenario", "service " + run.service() + " brought up on " + standby + " from a copy, while " + primary
        + " kept serving: no failover, production untouched (procedure " + run.procedure() + ")");
    row(html, "Objective", evidence.service() == null || evidence.service().rto() == null
        ? "the service answers on its standby; no RTO declared for the service"
        : "the service answers on its standby within its RTO of " + evidence.service().rto());
    row(html, "Reason", run.reason() == null ? "none given" : run.reason());
    row(html, "Requested by", run.requestedBy() + " from " + run.origin() + " at " + time(run.startedAt()));
    row(html, "Approved by", run.approvedBy() == null ? "no approval recorded (rehearse needs none by default)"
        : run.approvedBy() + " at " + time(run.approvedAt()));
    html.append("</table>");
  }

  private static void result(StringBuilder html, RunEvidence evidence) {
    Run run = evidence.run();
    html.append("<h2>Result</h2><table>");
    row(html, "Outcome", run.outcome() == null ? run.status() + " (not ended)" : run.outcome().name());
    Optional<StepAttempt> answered = answered(evidence);
    if (answered.isPresent()) {
      Duration rto = Duration.between(run.startedAt(), answered.get().endedAt());
      String objective = evidence.service() == null || evidence.service().rto() == null ? ""
          : rto.compareTo(evidence.service().rto()) <= 0 ? ", within the RTO of " + evidence.service().rto()
          : ", EXCEEDS the RTO of " + evidence.service().rto();
      row(html, "Measured RTO", seconds(rto) + " from the request until the rehearsal instance answered its last check ("
          + label(answered.get()) + ")" + objective);
    } else {
      row(html, "Measured RTO", "not measured: no check of the rehearsal instance succeeded");
    }
    List<String> points = evidence.attempts().stream().filter(a -> StepAttempt.SUCCEEDED.equals(a.status()))
        .flatMap(a -> RehearsalSteps.lines(a.stdoutTail(), RehearsalSteps.RECOVERY_POINT).stream()
            .map(point -> point + " (" + label(a) + ")")).toList();
    row(html, "Recovery point used", points.isEmpty() ? "not reported by the steps (a step reports it with a line"
        + " '" + RehearsalSteps.RECOVERY_POINT + " ...' on its output)" : String.join("; ", points));
    row(html, "Ended", run.endedAt() == null ? "not ended" : time(run.endedAt()));
    row(html, "Duration", seconds(evidence.elapsed()));
    html.append("</table>");
  }

  /** The last successful attempt of a step that is not cleanup: the rehearsal instance answered by then. */
  private static Optional<StepAttempt> answered(RunEvidence evidence) {
    return evidence.attempts().stream().filter(a -> StepAttempt.SUCCEEDED.equals(a.status()) && a.endedAt() != null
        && !RehearsalSteps.isCleanup(a.stepId())).reduce((first, second) -> second);
  }

  private static void findings(StringBuilder html, RunEvidence evidence) {
    List<StepAttempt> findings = evidence.attempts().stream().filter(a -> a.ended()
        && !StepAttempt.SUCCEEDED.equals(a.status())).toList();
    html.append("<h2>Findings</h2>");
    if (findings.isEmpty()) {
      html.append("<p>No step failed or warned.</p>");
      return;
    }
    html.append("<table><tr><th>#</th><th>Step</th><th>Host</th><th>What happened</th><th>Policy</th>")
        .append("<th>Owner</th><th>Due date</th></tr>");
    int number = 0;
    for (StepAttempt a : findings) {
      html.append("<tr><td>").append(++number).append("</td><td>").append(esc(label(a) + ", attempt " + a.attempt()))
          .append("</td><td>").append(esc(a.host())).append("</td><td>").append(esc(a.status()
          + (a.exitCode() == null ? "" : " exit " + a.exitCode()) + (a.message() == null ? "" : ": " + a.message())))
          .append("</td><td>").append(esc(a.verdict() == null ? "-" : a.verdict()))
          .append("</td><td class=\"fill\"></td><td class=\"fill\"></td></tr>");
    }
    html.append("</table>");
  }

  private static void cleanup(StringBuilder html, RunEvidence evidence) {
    Run run = evidence.run();
    List<StepAttempt> cleanups = evidence.attempts().stream().filter(a -> RehearsalSteps.isCleanup(a.stepId())).toList();
    html.append("<h2>Cleanup</h2><table>");
    if (run.endedAt() == null) {
      row(html, "Result", "the rehearsal has not ended");
    } else {
      io.drover.operation.RehearsalCleanups.Assessment result = io.drover.operation.RehearsalCleanups.assess(
          run.outcome() == io.drover.operation.RunOutcome.ABORTED, run.cleanupOf() != null, evidence.attempts());
      String steps = cleanups.stream().map(a -> label(a) + " on " + a.host() + " " + a.status()).distinct()
          .reduce((a, b) -> a + "; " + b).orElse("no cleanup step ran");
      html.append("<tr><td class=\"k\">Result</td><td><span class=\"").append(result.clean() ? "ok" : "bad")
          .append("\">").append(esc(result.clean() ? "cleaned up: " + steps : "CLEANUP INCOMPLETE: " + steps))
          .append("</span></td></tr>");
      if (!result.clean()) {
        row(html, "Left over", run.leftovers() != null ? String.join("; ", run.leftovers().split("\n"))
            : String.join("; ", result.leftovers()));
      }
    }
    html.append("</table>");
  }

  private static String label(StepAttempt a) {
    return a.stepName() == null ? a.stepId() : a.stepName();
  }
}
