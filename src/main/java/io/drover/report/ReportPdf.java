package io.drover.report;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Renders a report's XHTML to PDF (openhtmltopdf on PDFBox: no browser); characters XML 1.0 cannot
 * hold are shown as escapes first ({@link io.drover.text.Xml#showUnfit}), so any text renders.
 */
public final class ReportPdf {

  static {
    // its INFO lines ("Using fast-mode renderer. Prepare to fly.") would go to the operator's console
    com.openhtmltopdf.util.XRLog.setLoggingEnabled(false);
  }

  private ReportPdf() {
  }

  public static byte[] render(String xhtml) {
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    try {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      // the report escapes its values already; a page from elsewhere (an older server) may not
      builder.withHtmlContent(io.drover.text.Xml.showUnfit(xhtml), null);
      builder.toStream(pdf);
      builder.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the report as PDF: " + e.getMessage(), e);
    }
    return pdf.toByteArray();
  }
}
