package io.drover.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Prometheus metrics and health probes: after a run whose second step fails under WARN, the
 * scrape has the run by outcome, step durations as a histogram by step type, attempts by failure
 * reason and the job executor's backlog; liveness and readiness answer UP.
 */
@DroverIntegrationTest
class MetricsTest {

  @LocalServerPort
  int port;

  @Test
  void runsStepsAndTheBacklogAreScrapedAndTheProbesAnswer() throws Exception {
    TestApi api = new TestApi(port);
    api.awaitEnd(api.requestWithoutPreflight("met-svc", "migrate"));
    String scrape = get("/actuator/prometheus");
    assertThat(scrape).contains("drover_runs_total{action=\"migrate\",outcome=\"SUCCEEDED_WITH_WARNINGS\"}")
        .containsPattern("drover_step_duration_seconds_bucket\\{result=\"succeeded\",type=\"command\",le=\"[0-9.]+\"}")
        .contains("drover_step_attempts_total{reason=\"NON_ZERO_EXIT\",result=\"failed\",type=\"command\"}")
        .containsPattern("drover_jobs_due [0-9.]+").containsPattern("drover_jobs_failed [0-9.]+");
    assertThat(get("/actuator/health/liveness")).contains("\"status\":\"UP\"");
    assertThat(get("/actuator/health/readiness")).contains("\"status\":\"UP\"");
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }
}
