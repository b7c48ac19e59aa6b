package io.drover.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.client.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/** Drives the REST API as the CLI does, and waits for runs to end. */
public final class TestApi {

  private final ApiClient client;

  public TestApi(int port) {
    this.client = new ApiClient("http://127.0.0.1:" + port);
  }

  public ApiClient client() {
    return client;
  }

  /** Requests an operation and returns the run id. */
  public String request(String service, String action) throws IOException {
    return client.post("/api/services/" + service + "/operations", Map.of("action", action)).path("runId").asText();
  }

  /** Requests an operation without the preflight (a test of what happens mid-run) and returns the run id. */
  public String requestWithoutPreflight(String service, String action) throws IOException {
    return client.post("/api/services/" + service + "/operations", Map.of("action", action, "skipPreflight", "true"))
        .path("runId").asText();
  }

  /** Waits until the run has ended and returns it. */
  public JsonNode awaitEnd(String runId) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> "ENDED".equals(run(runId).path("status").asText()));
    return run(runId);
  }

  public JsonNode run(String runId) {
    try {
      return client.get("/api/runs/" + runId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode service(String service) throws IOException {
    return client.get("/api/services/" + service);
  }

  /** A call the API refuses: the problem's status and a part of its detail. */
  public interface Call {
    Object call() throws Exception;
  }

  public static void assertRefused(Call call, int status, String message) {
    org.assertj.core.api.Assertions.assertThatThrownBy(call::call).isInstanceOfSatisfying(ApiClient.ApiException.class,
        e -> {
          org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(status);
          org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains(message);
        });
  }

  public String log(String runId) throws IOException {
    return client.getText("/api/runs/" + runId + "/log").body();
  }
}
