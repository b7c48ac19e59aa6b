package io.drover.operation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Approvals without Tasklist: {@code drover approve|reject} and {@code POST /api/runs/{id}/approval}
 * decide under the same rules. In open mode (no sign-in, loopback only) the caller is the name the
 * client claims and holds the approver role: the requester still cannot approve their own run; a
 * second local identity ({@code DROVER_USER}, here the header it sets) can.
 */
@DroverIntegrationTest
class ApprovalByApiTest {

  @LocalServerPort
  int port;

  @Test
  void theRequesterIsRefusedAndASecondLocalIdentityApprovesFromTheCommandLine() throws Exception {
    String url = "http://127.0.0.1:" + port;
    TestCli.Result requested = TestCli.run("run", "--url", url, "apr-cli", "migrate");
    assertThat(requested.status()).as(requested.err()).isZero();
    String runId = requested.out().replaceAll("(?s).*run ([0-9a-f-]{36}) admitted.*", "$1");
    // the requester is told at once that someone else must approve, who, and by when
    assertThat(requested.out()).contains("awaiting approval: a dr-approver of service-apr-cli other than "
        + "unauthenticated:", "must approve it (Tasklist, or drover approve " + runId + " --reason ...) before 20");
    TestApi api = new TestApi(port);
    JsonNode run = api.run(runId);
    assertThat(run.path("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(run.path("awaiting").path("group").asText()).isEqualTo("service-apr-cli");
    assertThat(java.time.Instant.parse(run.path("awaiting").path("deadline").asText()))
        .isAfter(java.time.Instant.parse(run.path("startedAt").asText()));
    // and the services list shows the service waiting for approval, not RUNNING
    TestCli.Result services = TestCli.run("services", "--url", url);
    assertThat(services.out()).containsPattern("apr-cli +primary +\\S+ +AWAITING_APPROVAL +" + runId);
    TestCli.Result own = TestCli.run("approve", "--url", "http://127.0.0.1:" + port, runId, "--reason", "mine");
    assertThat(own.status()).isEqualTo(1);
    assertThat(own.err()).contains("requested this run and cannot approve it");
    HttpResponse<String> noReason = decide(runId, "bob", "{\"decision\":\"approve\",\"reason\":\" \"}");
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(noReason.body()).contains("a decision needs a reason");
    HttpResponse<String> approved = decide(runId, "bob", "{\"decision\":\"approve\",\"reason\":\"bridge call at 03:10\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    JsonNode ended = api.awaitEnd(runId);
    assertThat(ended.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(ended.path("approvedBy").asText()).isEqualTo("unauthenticated:bob");
    // the evidence splits the RTO's time into the wait for approval and the recovery after it
    String report = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/runs/" + runId
        + "/report")).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(report).containsPattern("Time to approve</td><td>[0-9.]+ s from the request to unauthenticated:bob&apos;s"
        + " approval").containsPattern("Recovery after approval</td><td>[0-9.]+ s from the approval to the end");
    TestCli.Result again = TestCli.run("reject", "--url", "http://127.0.0.1:" + port, runId, "--reason", "late");
    assertThat(again.status()).isEqualTo(1);
    assertThat(again.err()).contains("is not awaiting approval");
  }

  private HttpResponse<String> decide(String runId, String user, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/runs/"
        + runId + "/approval")).header("Content-Type", "application/json").header("X-Drover-User", user)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
