package io.drover.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportPdfWarmUpTest {

  @Test
  void theWarmUpPageRendersAsAPdfWithTheReportsStyle() {
    assertThat(ReportPdfWarmUp.PAGE).contains(ReportHtml.STYLE);
    assertThat(ReportPdfWarmUp.render()).isTrue();
    byte[] pdf = ReportPdf.render(ReportPdfWarmUp.PAGE);
    assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
  }
}
