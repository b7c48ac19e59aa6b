package io.drover.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.support.DroverIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Under concurrent requests, each page of Cockpit, Tasklist and Admin carries in its script tags
 * the nonce of its own Content-Security-Policy header (Camunda alone shares one nonce between all
 * requests, so a browser would block the scripts of a page that got another's).
 */
@DroverIntegrationTest
class PageNonceTest {

  private static final Pattern HEADER_NONCE = Pattern.compile("'nonce-([^']+)'");
  private static final Pattern PAGE_NONCE = Pattern.compile("nonce=\"([^\"]*)\"");

  @LocalServerPort
  int port;

  @Test
  void eachPageCarriesTheNonceOfItsOwnPolicyUnderConcurrentRequests() throws Exception {
    // before any user exists Camunda redirects to its setup page, also a page with scripts
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    List<CompletableFuture<HttpResponse<String>>> pages = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      String app = List.of("tasklist", "cockpit", "admin").get(i % 3);
      pages.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/camunda/app/" + app
          + "/default/")).build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> future : pages) {
      HttpResponse<String> page = future.get(120, TimeUnit.SECONDS);
      assertThat(page.statusCode()).as(page.uri().toString()).isEqualTo(200);
      Matcher header = HEADER_NONCE.matcher(page.headers().firstValue("Content-Security-Policy").orElseThrow());
      assertThat(header.find()).as("a nonce in the policy of %s", page.uri()).isTrue();
      Matcher body = PAGE_NONCE.matcher(page.body());
      int scripts = 0;
      while (body.find()) {
        assertThat(body.group(1)).as("a script's nonce in %s", page.uri()).isEqualTo(header.group(1));
        scripts++;
      }
      assertThat(scripts).as("scripts with a nonce in %s", page.uri()).isGreaterThanOrEqualTo(3);
    }
  }
}
