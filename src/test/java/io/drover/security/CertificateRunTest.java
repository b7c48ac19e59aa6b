package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestWorld;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A run over per-run certificates on a real OpenSSH sshd that trusts only the server's SSH CA and
 * accepts only service cert-svc's principal: the run succeeds; the host's own sshd log, each
 * attempt's journal row, the run log and the evidence report name the same certificate (serial and
 * key id naming the run and its requester); and no private key is left anywhere on the DR server.
 */
@DroverIntegrationTest
class CertificateRunTest {

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  @Test
  void aRunOverCertificatesIsNamedAlikeByTheHostsLogTheJournalAndTheReportAndLeavesNoPrivateKey() throws Exception {
    Instant before = Instant.now();
    TestApi api = new TestApi(port);
    String runId = api.request("cert-svc", "migrate");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    String keyId = SshCertificateAuthority.keyId(runId, "cert-svc", run.path("requestedBy").asText(), null);

    List<String> serials = new ArrayList<>();
    Pattern row = Pattern.compile("certificate serial=(\\d+) id=\"" + Pattern.quote(keyId) + "\"");
    for (JsonNode step : run.path("steps")) {
      Matcher matcher = row.matcher(step.path("credential").asText());
      assertThat(matcher.matches()).as(step.toString()).isTrue();
      serials.add(matcher.group(1));
    }
    assertThat(serials).as("one attempt on cert-a, one on cert-b: a certificate per host").hasSize(2)
        .doesNotHaveDuplicates();
    String sshd = TestWorld.certificateHostLog();
    String log = api.log(runId);
    String report = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/runs/" + runId + "/report")).build(), HttpResponse.BodyHandlers.ofString()).body();
    for (String serial : serials) {
      assertThat(sshd).contains("Accepted certificate ID \"" + keyId + "\" (serial " + serial + ")");
      assertThat(log).contains("credential=certificate serial=" + serial + " id=\"" + keyId + "\"");
      assertThat(report).contains("certificate serial=" + serial + " id=&quot;" + keyId + "&quot;");
    }
    assertThat(sshd).as("the preflight logged in with its own certificate")
        .containsPattern("Accepted certificate ID \"drover run=preflight-[0-9a-f-]+ service=cert-svc by=preflight"
            + " approved=none\"");

    assertThat(privateKeysWrittenSince(before, List.of(TestWorld.root(), Path.of(System.getProperty("java.io.tmpdir")))))
        .as("no private key file was written during the run").isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from drover_run_log where line like '%PRIVATE KEY%'",
        Integer.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from act_hi_varinst where text_ like '%PRIVATE KEY%'"
        + " or text2_ like '%PRIVATE KEY%'", Integer.class)).isZero();
  }

  private static List<Path> privateKeysWrittenSince(Instant since, List<Path> roots) throws IOException {
    List<Path> found = new ArrayList<>();
    for (Path root : roots) {
      Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
        @Override
        public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && modifiedSince(file, since) && contains(file, "PRIVATE KEY")) {
            found.add(file);
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }

        @Override
        public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException gone) {
          return java.nio.file.FileVisitResult.CONTINUE;
        }
      });
    }
    return found;
  }

  private static boolean modifiedSince(Path file, Instant since) {
    try {
      return Files.getLastModifiedTime(file).compareTo(FileTime.from(since)) >= 0 && Files.size(file) < 1 << 20;
    } catch (IOException gone) {
      return false;
    }
  }

  private static boolean contains(Path file, String text) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException unreadable) {
      return false;
    }
  }
}
