package io.drover.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.journal.AuditTrail;
import io.drover.journal.StepAttempt;
import io.drover.operation.Action;
import io.drover.operation.Run;
import io.drover.operation.RunOutcome;
import io.drover.text.Xml;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/**
 * The evidence report survives any text: every code point from U+0000 to U+10FFFF, in chunks, and
 * every lone surrogate, as a command's stderr, a step's message and reason, the run's reason and an
 * audit entry's detail, through the real rendering (the report's XHTML read back by a strict XML
 * parser; for the Basic Multilingual Plane, the PDF made and read
 * back with PDFBox too: the supplementary planes render with the same fallback glyph, and laying out each of
 * them would take minutes). What XML 1.0 cannot hold, and the invisible controls, appear as
 * backslash-u escapes in both.
 */
class ReportTextFuzzTest {

  private static final int CHUNK = 0x8000;
  private static final int PDF_BELOW = 0x10000;

  @Test
  @DisplayName("every code point, in chunks of 32768, renders to well-formed XHTML; those of the Basic Multilingual Plane to a PDF that parses")
  void everyCodePointRenders() throws Exception {
    for (int start = 0; start <= Character.MAX_CODE_POINT; start += CHUNK) {
      StringBuilder text = new StringBuilder();
      int unfit = 0;
      for (int c = start; c < Math.min(start + CHUNK, Character.MAX_CODE_POINT + 1); c++) {
        text.appendCodePoint(c);
        if (c < 0x10000 && (!fit(c) || (c >= 0x7f && c <= 0x9f))) {
          unfit++;
        }
        if (c % 64 == 0) {
          text.append(' '); // room to wrap lines
        }
      }
      String chunk = String.format(Locale.ROOT, "chunk U+%04X", start);
      String html = ReportHtml.render(evidence(text.toString(), text.toString()));
      assertWellFormed(html, chunk);
      assertThat(count(html, "\\u")).as("%s: escapes shown (each unfit code point at least twice: reason and message)",
          chunk).isGreaterThanOrEqualTo(2 * unfit);
      if (start < PDF_BELOW) {
        try (PDDocument pdf = Loader.loadPDF(ReportPdf.render(html))) {
          assertThat(pdf.getNumberOfPages()).as(chunk).isPositive();
        }
      }
    }
  }

  @Test
  @DisplayName("every C0 and C1 control, DEL, U+FFFE, U+FFFF and every lone surrogate is shown as an escape, in HTML and PDF")
  void unfitCharactersAreShownVisibly() throws Exception {
    List<String> markers = new ArrayList<>();
    StringBuilder text = new StringBuilder("start ");
    List<Integer> unfit = new ArrayList<>();
    for (int c = 0; c <= 0x9f; c++) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c >= 0x7f) {
        unfit.add(c);
      }
    }
    unfit.addAll(List.of(0xFFFE, 0xFFFF));
    for (int c = 0xD800; c <= 0xDFFF; c += 1) {
      unfit.add(c);
    }
    for (int c : unfit) {
      text.append('[').append((char) c).append("] ");
      markers.add(String.format(Locale.ROOT, "[\\u%04x]", c));
    }
    // a lone high surrogate at the very end, and a low one just after a pair
    String reason = "disk \uFFFF full \uD83D\uDE00 ok \uDE00 [\uD800]";
    String html = ReportHtml.render(evidence(text.toString(), reason));
    assertWellFormed(html, "controls");
    assertThat(html).contains(markers).contains("disk \\uffff full \uD83D\uDE00 ok \\ude00 [\\ud800]")
        .doesNotContain("\uFFFF");
    try (PDDocument pdf = Loader.loadPDF(ReportPdf.render(html))) {
      String shown = new PDFTextStripper().getText(pdf);
      assertThat(shown).contains(markers.subList(0, 100)).contains("[\\uffff]", "[\\ud800]", "[\\udfff]",
          "disk \\uffff full");
    }
  }

  @Test
  @DisplayName("a page with U+FFFF and a lone surrogate unescaped (a report from an older server) still renders to PDF")
  void aPageWithUnfitCharactersStillRendersToPdf() throws Exception {
    String page = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>stderr: \uFFFF \uD800 \u0001 &amp; done</p>"
        + "</body></html>";
    try (PDDocument pdf = Loader.loadPDF(ReportPdf.render(page))) {
      assertThat(new PDFTextStripper().getText(pdf)).contains("stderr: \\uffff \\ud800 \\u0001 & done");
    }
    assertThat(Xml.escape("a\uFFFF\uD800\u0001\u0085b")).isEqualTo("a\u0085b");
  }

  private static boolean fit(int c) {
    return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static void assertWellFormed(String xhtml, String what) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.newDocumentBuilder().parse(new InputSource(new StringReader(xhtml)));
    assertThat(xhtml).as(what).isNotEmpty();
  }

  private static RunEvidence evidence(String text, String reason) {
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    Run run = new Run("run-fuzz", "fuzz-svc", Action.MIGRATE, "ENDED", RunOutcome.SUCCEEDED_WITH_WARNINGS, "alice",
        "127.0.0.1", reason, "pi-1", null, "Task_Two", 1, at, at.plusSeconds(30), null, null, null, null);
    StepAttempt attempt = new StepAttempt(1, run.id(), "Task_Two", "Run step two " + text, 1, "pa", "echo " + text,
        "FAILED", 3, "NON_ZERO_EXIT " + reason, text, text, text, at.plusSeconds(1), at.plusSeconds(2), "WARN", "job-1");
    AuditTrail.Entry entry = new AuditTrail.Entry(1, at, "REQUESTED", "alice", "127.0.0.1", run.service(), run.id(),
        "migrate: " + reason, null, "0123456789abcdef0123", true);
    return new RunEvidence(run, null, List.of(attempt), List.of("PREFLIGHT " + reason), List.of(entry),
        new AuditTrail.Verification(true, 1, null, null), at.plusSeconds(40));
  }
}
