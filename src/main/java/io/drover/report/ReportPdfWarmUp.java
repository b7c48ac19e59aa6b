package io.drover.report;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Renders one small PDF in the background once the server is ready, so that the first evidence report
 * a user asks for does not pay for loading the PDF engine and its fonts (about a second on a small
 * machine; ops/bench/report-bench.sh measures it). {@code drover.report.warm-up=false} turns it off.
 */
@Component
@ConditionalOnProperty(name = "drover.report.warm-up", havingValue = "true", matchIfMissing = true)
class ReportPdfWarmUp {

  /** The report's own style and every font it uses (regular, bold, monospace), so the same fonts load. */
  static final String PAGE = "<html><head><title>warm-up</title><style>" + ReportHtml.STYLE + "</style></head><body>"
      + "<h1>Drover</h1><table><tr><td class=\"k\">engine</td><td class=\"ok\">ready</td>"
      + "<td class=\"mono\">0</td></tr></table><pre>warm-up</pre></body></html>";

  @EventListener(ApplicationReadyEvent.class)
  void warmUp() {
    Thread thread = new Thread(ReportPdfWarmUp::render, "drover-report-warm-up");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  static boolean render() {
    try {
      return ReportPdf.render(PAGE).length > 0;
    } catch (RuntimeException e) {
      ReportLogger.LOG.warmUpFailed(e.toString());
      return false;
    }
  }
}
