package io.drover.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A run's evidence report, HTML and PDF, from a real run (preflight, a step that fails under WARN
 * with stderr): who, what, when, each attempt with host and command, the RTO against the objective,
 * the run's audit entries and the chain's verification. The PDF is read back with PDFBox and its
 * first page rendered to an image.
 */
@DroverIntegrationTest
class RunReportTest {

  @LocalServerPort
  int port;

  @TempDir
  Path dir;

  @Test
  void aRunsReportSaysWhoWhatWhenHowLongAndWhatTheAuditTrailHoldsInHtmlAndPdf() throws Exception {
    TestApi api = new TestApi(port);
    String runId = api.request("rep-svc", "migrate");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).isEqualTo("SUCCEEDED_WITH_WARNINGS");

    HttpResponse<String> html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + port + "/api/runs/" + runId + "/report")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(html.body()).contains("DR evidence: migrate of rep-svc", runId, "SUCCEEDED_WITH_WARNINGS",
        "Requested by", "PREFLIGHT", "Run step one", "Run step two", "pa", "pb", "exit 3", "NON_ZERO_EXIT",
        "policy: WARN", "disk almost full", "RTO objective", "PT5M", "within PT5M", "REQUESTED",
        "Hash chain of the whole audit trail", "intact (");
    assertThat(html.body()).doesNotContain("<script");

    HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + port + "/api/runs/" + runId + "/report?format=pdf")).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertPdf(pdf.body(), runId);

    Path file = dir.resolve("evidence.pdf");
    io.drover.support.TestCli.Result written = io.drover.support.TestCli.run("report", "--url", "http://127.0.0.1:"
        + port, runId, "-o", file.toString());
    assertThat(written.status()).as(written.err()).isZero();
    // quietly: one line, nothing on stderr (the server renders the PDF; the CLI starts no PDF engine)
    // (in this JVM the server's own log lines, timestamped, are mixed in: they are not the CLI's)
    assertThat(written.out().lines().filter(line -> !line.matches("^\\d{4}-\\d\\d-\\d\\dT.*")))
        .containsExactly("wrote the evidence report of run " + runId + " to " + file);
    assertThat(written.err().lines().filter(line -> !line.matches("^\\d{4}-\\d\\d-\\d\\dT.*"))).isEmpty();
    assertThat(written.out()).as("the server renders the PDF without a warning").doesNotContain("WARN");
    assertPdf(Files.readAllBytes(file), runId);
  }

  private static void assertPdf(byte[] bytes, String runId) throws Exception {
    assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    try (PDDocument document = Loader.loadPDF(bytes)) {
      String text = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
      assertThat(text).contains("DR evidence: migrate of rep-svc", runId, "SUCCEEDED_WITH_WARNINGS", "Run step two",
          "disk almost full", "PT5M", "intact (");
      BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 72);
      assertThat(page.getWidth()).isGreaterThan(500);
      int dark = 0;
      for (int y = 0; y < page.getHeight(); y += 2) {
        for (int x = 0; x < page.getWidth(); x += 2) {
          int rgb = page.getRGB(x, y);
          if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 200) {
            dark++;
          }
        }
      }
      assertThat(dark).as("dark pixels on the rendered first page (text)").isGreaterThan(500);
    }
  }
}
