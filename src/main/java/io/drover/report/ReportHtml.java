package io.drover.report;

import io.drover.journal.AuditTrail;
import io.drover.journal.StepAttempt;
import io.drover.operation.Run;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A run's evidence as one self-contained XHTML page (inline styles, no scripts, no external
 * resources), readable in a browser and renderable to PDF: who asked and who approved when, the
 * preflight, every attempt on a timeline, the RTO achieved against the objective, and the run's
 * audit entries with the chain's verification. Every value from the journal is escaped, and what
 * XML 1.0 cannot hold (and the invisible controls) shown as an escape ({@link io.drover.text.Xml#escapeVisibly}),
 * so the PDF renders whatever a command printed.
 */
final class ReportHtml {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  static final String STYLE = """
      body { font-family: sans-serif; font-size: 10pt; color: #222; }
      h1 { font-size: 16pt; margin-bottom: 2pt; }
      h2 { font-size: 12pt; margin-top: 14pt; border-bottom: 1px solid #999; }
      table { border-collapse: collapse; width: 100%; }
      th, td { border: 1px solid #ccc; padding: 2pt 4pt; text-align: left; vertical-align: top; }
      th { background: #eee; }
      td.k { width: 28%; font-weight: bold; }
      .ok { color: #1a7f37; font-weight: bold; }
      .bad { color: #b42318; font-weight: bold; }
      .warn { color: #9a6700; font-weight: bold; }
      .mono { font-family: monospace; font-size: 8pt; word-wrap: break-word; }
      .lane { width: 120pt; background: #f4f4f4; }
      .bar { height: 7pt; }
      pre { font-size: 7.5pt; white-space: pre-wrap; margin: 2pt 0; }
      """;

  private ReportHtml() {
  }

  static String render(RunEvidence evidence) {
    Run run = evidence.run();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"UTF-8\"/>")
        .append("<title>").append(esc("DR evidence: " + run.action().id() + " of " + run.service() + " (" + run.id()
        + ")")).append("</title><style>").append(STYLE).append("</style></head><body>");
    html.append("<h1>").append(esc("DR evidence: " + run.action().id() + " of " + run.service())).append("</h1>")
        .append("<p>Run ").append(esc(run.id())).append(", report made ").append(time(evidence.generatedAt()))
        .append(" by Drover from its journal and audit trail.</p>");
    summary(html, evidence);
    checks(html, evidence);
    steps(html, evidence);
    audit(html, evidence);
    return html.append("</body></html>").toString();
  }

  private static void summary(StringBuilder html, RunEvidence evidence) {
    Run run = evidence.run();
    html.append("<h2>Summary</h2><table>");
    row(html, "Service", run.service() + (evidence.service() == null || evidence.service().description().isEmpty()
        ? "" : " (" + evidence.service().description() + ")"));
    row(html, "Action", run.action().id());
    row(html, "Outcome", run.outcome() == null ? run.status() + " (not ended)" : run.outcome().name());
    evidence.checks().stream().filter(line -> line.contains("PRIMARY_NOT_FENCED ")).findFirst().ifPresent(line ->
        row(html, "Primary", "NOT FENCED: " + line.substring(line.indexOf("PRIMARY_NOT_FENCED ")
            + "PRIMARY_NOT_FENCED ".length()).strip()));
    row(html, "Requested by", run.requestedBy() + " from " + run.origin() + " at " + time(run.startedAt()));
    row(html, "Reason", run.reason() == null ? "none given" : run.reason());
    row(html, "Approved by", run.approvedBy() == null ? "no approval recorded" : run.approvedBy() + " at "
        + time(run.approvedAt()));
    row(html, "Ended", run.endedAt() == null ? "not ended" : time(run.endedAt()));
    row(html, "Duration", seconds(evidence.elapsed()));
    String rto = evidence.service() == null || evidence.service().rto() == null ? "no RTO declared for the service"
        : evidence.service().rto().toString();
    row(html, "RTO objective", rto);
    Boolean within = evidence.withinRto();
    html.append("<tr><td class=\"k\">RTO achieved</td><td>").append(within == null ? "not measured"
        : within ? "<span class=\"ok\">" + esc(seconds(evidence.elapsed()) + " within " + rto) + "</span>"
        : "<span class=\"bad\">" + esc(seconds(evidence.elapsed()) + " exceeds " + rto) + "</span>").append("</td></tr>");
    if (evidence.approvalWait() != null) {
      // the RTO counts from the request; the auditor sees how much of it was the wait for a second person
      row(html, "Time to approve", seconds(evidence.approvalWait()) + " from the request to " + run.approvedBy()
          + "'s approval");
      row(html, "Recovery after approval", seconds(evidence.afterApproval()) + " from the approval to the end");
    }
    html.append("</table>");
  }

  private static void checks(StringBuilder html, RunEvidence evidence) {
    html.append("<h2>Admission, preflight and approval</h2>");
    if (evidence.checks().isEmpty()) {
      html.append("<p>No admission, preflight or approval lines in the run log.</p>");
      return;
    }
    html.append("<table>");
    evidence.checks().forEach(line -> html.append("<tr><td class=\"mono\">").append(esc(line)).append("</td></tr>"));
    html.append("</table>");
  }

  static void steps(StringBuilder html, RunEvidence evidence) {
    html.append("<h2>Steps</h2>");
    if (evidence.attempts().isEmpty()) {
      html.append("<p>No step ran.</p>");
      return;
    }
    Instant start = evidence.run().startedAt();
    double total = Math.max(1, evidence.elapsed().toMillis());
    html.append("<table><tr><th>#</th><th>Step</th><th>Host</th><th>Command (secrets masked)</th><th>Result</th>")
        .append("<th>Started</th><th>Took</th><th>Timeline</th></tr>");
    int number = 0;
    for (StepAttempt a : evidence.attempts()) {
      Instant end = a.endedAt() == null ? evidence.generatedAt() : a.endedAt();
      Duration took = a.startedAt() == null ? Duration.ZERO : Duration.between(a.startedAt(), end);
      double offset = a.startedAt() == null ? 0 : Math.max(0, Duration.between(start, a.startedAt()).toMillis()) / total;
      double width = Math.max(0.01, took.toMillis() / total);
      boolean ok = "SUCCEEDED".equals(a.status());
      String color = ok ? "#1a7f37" : "RUNNING".equals(a.status()) ? "#9a6700" : "#b42318";
      html.append("<tr><td>").append(++number).append("</td><td>").append(esc(a.stepName() == null ? a.stepId()
          : a.stepName())).append("<br/>attempt ").append(a.attempt()).append("</td><td>").append(esc(a.host()))
          .append(a.credential() == null ? "" : "<br/><small>" + esc(a.credential()) + "</small>")
          .append("</td><td class=\"mono\">").append(esc(a.command())).append("</td><td>")
          .append("<span class=\"").append(ok ? "ok" : "RUNNING".equals(a.status()) ? "warn" : "bad").append("\">")
          .append(esc(a.status())).append("</span>")
          .append(a.exitCode() == null ? "" : " exit " + a.exitCode())
          .append(a.reason() == null ? "" : "<br/>" + esc(a.reason()))
          .append(a.verdict() == null ? "" : "<br/>policy: " + esc(a.verdict())).append("</td><td>")
          .append(a.startedAt() == null ? "-" : time(a.startedAt())).append("</td><td>").append(seconds(took))
          .append("</td><td class=\"lane\"><div class=\"bar\" style=\"margin-left: ")
          .append(percent(Math.min(offset, 0.99))).append("; width: ").append(percent(Math.min(width, 1 - Math.min(
          offset, 0.99)))).append("; background: ").append(color).append(";\"></div></td></tr>");
      if (!ok && (a.message() != null || a.stderrTail() != null)) {
        html.append("<tr><td></td><td colspan=\"7\">").append(a.message() == null ? "" : esc(a.message()))
            .append(a.stderrTail() == null || a.stderrTail().isBlank() ? "" : "<pre>stderr: " + esc(tail(a.stderrTail()))
            + "</pre>").append("</td></tr>");
      }
    }
    html.append("</table>");
  }

  static void audit(StringBuilder html, RunEvidence evidence) {
    AuditTrail.Verification chain = evidence.chain();
    html.append("<h2>Audit trail</h2><p>Hash chain of the whole audit trail: ").append(chain.valid()
        ? "<span class=\"ok\">" + esc("intact (" + chain.entries() + " entries verified)") + "</span>"
        : "<span class=\"bad\">" + esc("BROKEN at entry " + chain.brokenAt() + ": " + chain.reason()) + "</span>")
        .append("</p>");
    if (evidence.audit().isEmpty()) {
      html.append("<p>No audit entries name this run.</p>");
      return;
    }
    html.append("<table><tr><th>Entry</th><th>At</th><th>What</th><th>Who</th><th>Detail</th><th>Hash</th></tr>");
    for (AuditTrail.Entry e : evidence.audit()) {
      html.append("<tr><td>").append(e.id()).append("</td><td>").append(time(e.at())).append("</td><td>")
          .append(esc(e.kind())).append("</td><td>").append(esc(e.actor() + (e.origin() == null ? "" : " from "
          + e.origin()))).append("</td><td>").append(esc(e.detail())).append("</td><td class=\"mono\">")
          .append(esc(e.hash() == null ? "" : e.hash().substring(0, Math.min(16, e.hash().length())))).append("</td></tr>");
    }
    html.append("</table>");
  }

  static void row(StringBuilder html, String key, String value) {
    html.append("<tr><td class=\"k\">").append(esc(key)).append("</td><td>").append(esc(value)).append("</td></tr>");
  }

  static String time(Instant at) {
    return at == null ? "-" : TIME.format(at);
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }

  /** The last 600 characters, never starting in the middle of a surrogate pair. */
  private static String tail(String text) {
    if (text.length() <= 600) {
      return text;
    }
    int from = text.length() - 600;
    return "..." + text.substring(Character.isLowSurrogate(text.charAt(from)) ? from + 1 : from);
  }

  /** Escaped, with what XML cannot hold and invisible controls shown as backslash-u escapes. */
  static String esc(String text) {
    return io.drover.text.Xml.escapeVisibly(text);
  }
}
