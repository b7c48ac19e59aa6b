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

  @Test
  void aRunRevokedMidRunFailsAtItsNextLoginSayingRevokedAndTheHostsRefuseItsCertificateFromThePublishedKrl()
      throws Exception {
    TestApi api = new TestApi(port);
    String runId = api.request("cert-rev", "migrate");
    String[] firstCredential = new String[1];
    org.awaitility.Awaitility.await("step one under way").atMost(java.time.Duration.ofSeconds(30))
        .pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
          JsonNode steps = api.run(runId).path("steps");
          firstCredential[0] = steps.size() > 0 ? steps.get(0).path("credential").asText(null) : null;
          return firstCredential[0] != null;
        });
    JsonNode revoked = api.client().post("/api/ca/revocations", java.util.Map.of("kind", "run", "value", runId,
        "reason", "laptop of the requester stolen"));
    assertThat(revoked.path("revocation").path("revokedBy").asText()).isNotEmpty();
    List<String> written = new ArrayList<>();
    revoked.path("published").forEach(p -> {
      assertThat(p.path("written").asBoolean()).as(p.toString()).isTrue();
      written.add(p.path("host").asText());
    });
    assertThat(written).as("every certificate host of the inventory, the demo's too").contains("cert-a", "cert-b");

    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).as(run.toString()).isEqualTo("FAILED");
    // step one runs on, detached, past the revocation: Drover's next login, to ask the host what became of
    // it, is refused by Drover itself, so step one's outcome is in doubt, under its policy (DIE); step two never runs
    JsonNode last = run.path("steps").get(run.path("steps").size() - 1);
    assertThat(last.path("stepId").asText()).isEqualTo("Task_StepOne");
    assertThat(last.path("reason").asText()).isEqualTo("IN_DOUBT_ATTEMPT");
    assertThat(last.path("verdict").asText()).isEqualTo("DIE");
    assertThat(last.path("message").asText()).contains("the certificate of run " + runId + " for host cert-a is"
        + " revoked (run " + runId + ", by ").contains("laptop of the requester stolen");
    run.path("steps").forEach(step -> assertThat(step.path("stepId").asText()).isEqualTo("Task_StepOne"));
    assertThat(jdbc.queryForObject("select count(*) from drover_audit where kind='REVOKED' and run_id=?",
        Integer.class, runId)).isEqualTo(1);

    // the KRL on the host names the run's certificate, as OpenSSH reads it
    Matcher first = Pattern.compile("serial=(\\d+) id=\"([^\"]+)\"").matcher(firstCredential[0]);
    assertThat(first.find()).as(firstCredential[0]).isTrue();
    Process listed = new ProcessBuilder("ssh-keygen", "-Q", "-l", "-f", TestWorld.certificateHostRevokedKeys()
        .toString()).redirectErrorStream(true).start();
    String krl = new String(listed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(listed.waitFor()).as(krl).isZero();
    assertThat(krl).contains("serial: " + first.group(1)).contains("id: " + first.group(2));
    // and sshd refuses a certificate of that run by itself, from the published list
    SshCertificateAuthority.Issued again = authority.issue(runId, "cert-rev", run.path("requestedBy").asText(), null,
        List.of(SshCertificateAuthority.principal("cert-rev")), java.time.Duration.ofMinutes(5));
    io.drover.inventory.HostSpec host = inventory.host("cert-a").orElseThrow();
    io.drover.remote.SshTarget target = new io.drover.remote.SshTarget(host.name(), host.address(), host.port(),
        host.user(), again.privateKey(), host.hostKeys(), again.certificate());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> connector.connect(target).close())
        .isInstanceOfSatisfying(io.drover.remote.RemoteException.class, e -> assertThat(e.reason())
            .isEqualTo(io.drover.remote.RemoteFailure.AUTHENTICATION_FAILED));
    assertThat(TestWorld.certificateHostLog()).contains("revoked by file " + TestWorld.certificateHostRevokedKeys());

    // the CLI: the KRL as the server serves it is the one published; a serial must be a number
    Path served = Files.createTempFile("drover-krl", ".krl");
    io.drover.support.TestCli.Result fetched = io.drover.support.TestCli.run("ca", "krl", "-f", served.toString(),
        "--url", "http://127.0.0.1:" + port);
    assertThat(fetched.status()).as(fetched.out() + fetched.err()).isZero();
    assertThat(Files.readAllBytes(served)).isEqualTo(Files.readAllBytes(TestWorld.certificateHostRevokedKeys()));
    io.drover.support.TestCli.Result bad = io.drover.support.TestCli.run("ca", "revoke", "--serial", "twelve",
        "--reason", "typo", "--url", "http://127.0.0.1:" + port);
    assertThat(bad.status()).isNotZero();
    assertThat(bad.out() + bad.err()).contains("HTTP 400: a serial is a number, as sshd logs it");
    Files.delete(served);
  }

  @Test
  void aPreflightOnAHostWhoseAccountDoesNotListTheServicesPrincipalSaysWhatToSetUpWhere() throws Exception {
    io.drover.support.TestCli.Result check = io.drover.support.TestCli.run("check", "cert-stray", "--action",
        "migrate", "--url", "http://127.0.0.1:" + port);
    assertThat(check.status()).as(check.out() + check.err()).isEqualTo(1);
    assertThat(check.out()).contains("  - host cert-a (127.0.0.1:").contains("refused Drover's certificate as "
        + TestWorld.CERTIFICATE_ACCOUNT + ": its sshd must trust Drover's CA (TrustedUserCAKeys "
        + HostEnrolment.CA_FILE + "), list the service's principal (drover-cert-rev, drover-cert-stray,"
        + " drover-cert-svc) in " + HostEnrolment.PRINCIPALS_DIR + "/" + TestWorld.CERTIFICATE_ACCOUNT)
        .contains("RevokedKeys " + HostEnrolment.REVOKED_FILE + ": sshd refuses every key while it cannot); drover"
        + " host enrol cert-a --ca-public CA.pub prints all three");
  }

  @Autowired
  SshCertificateAuthority authority;

  @Autowired
  io.drover.inventory.Inventory inventory;

  @Autowired
  io.drover.remote.SshConnector connector;

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
