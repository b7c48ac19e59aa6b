package io.drover.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestWorld;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 50 run requests on 50 services at the same moment: every one is answered (admitted), none with a
 * server error, while the admitted runs' steps already hold step threads and connections; then
 * every run ends. The slowest answer is printed, not asserted (shared, noisy machines).
 */
@DroverIntegrationTest
class ConcurrentAdmissionTest {

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  @Value("${camunda.bpm.job-execution.max-pool-size}")
  int stepThreads;

  @Test
  void fiftySimultaneousRequestsAreAllAnsweredWithoutServerErrorsAndAllRunsEnd() throws Exception {
    HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(50)).build();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    long start = System.nanoTime();
    List<Long> took = java.util.Collections.synchronizedList(new ArrayList<>());
    for (String service : TestWorld.LOAD_SERVICES) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/services/" + service
          + "/operations")).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"migrate\",\"reason\":\"load\"}")).build();
      answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) ->
          took.add((System.nanoTime() - start) / 1_000_000)));
    }
    List<String> runs = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> response = answer.get();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      runs.add(response.body().replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1"));
    }
    System.out.printf("50 simultaneous admissions: slowest answer after %d ms%n",
        took.stream().mapToLong(Long::longValue).max().orElse(-1));
    // meanwhile, the node never holds more step jobs locked than it has threads: no hoarded queue
    java.util.concurrent.atomic.AtomicInteger mostLocked = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleWithFixedDelay(() -> mostLocked.accumulateAndGet(jdbc.queryForObject(
        "select count(*) from ACT_RU_JOB where LOCK_OWNER_ is not null", Integer.class), Math::max), 0, 10,
        java.util.concurrent.TimeUnit.MILLISECONDS);
    TestApi api = new TestApi(port);
    try {
      for (String run : runs) {
        assertThat(api.awaitEnd(run).path("outcome").asText()).isEqualTo("SUCCEEDED");
      }
    } finally {
      sampler.shutdown();
      assertThat(sampler.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
    assertThat(mostLocked.get()).as("step jobs locked by the node at once").isPositive()
        .isLessThanOrEqualTo(stepThreads);
  }
}
