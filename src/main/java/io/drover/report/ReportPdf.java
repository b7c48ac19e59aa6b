package io.drover.report;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Renders a report's XHTML to PDF (openhtmltopdf on PDFBox: no browser). */
public final class ReportPdf {

  private ReportPdf() {
  }

  public static byte[] render(String xhtml) {
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    try {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.withHtmlContent(xhtml, null);
      builder.toStream(pdf);
      builder.run();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the report as PDF: " + e.getMessage(), e);
    }
    return pdf.toByteArray();
  }
}
