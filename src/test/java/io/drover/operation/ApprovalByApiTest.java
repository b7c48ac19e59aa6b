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
    TestApi api = new TestApi(port);
    String runId = api.request("apr-cli", "migrate");
    assertThat(api.run(runId).path("status").asText()).isEqualTo("AWAITING_APPROVAL");
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
