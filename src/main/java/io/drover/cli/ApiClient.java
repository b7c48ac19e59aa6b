package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small client of Drover's REST API, used by every CLI command but {@code server} and {@code demo}. */
public class ApiClient {

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public ApiClient(String baseUrl) {
    this(baseUrl, null);
  }

  /** @param token a bearer token from the server's Keycloak realm, or null */
  public ApiClient(String baseUrl, String token) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.token = token == null || token.isBlank() ? null : token.strip();
  }

  /** A response that is not 2xx; the message is the problem's detail. */
  public static class ApiException extends IOException {
    private final int status;

    ApiException(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** A plain-text response with its headers of interest. */
  public record Text(String body, long position, String runStatus) {
  }

  public JsonNode get(String path) throws IOException {
    return parse(send(HttpRequest.newBuilder(resolve(path)).GET()));
  }

  public JsonNode post(String path, Map<String, ?> body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
        .header("Content-Type", "application/json")
        .header("X-Drover-User", System.getenv().getOrDefault("DROVER_USER", System.getProperty("user.name", "anonymous")))
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    return parse(send(request));
  }

  public Text getText(String path) throws IOException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(resolve(path)).GET());
    long position = response.headers().firstValue("X-Drover-Log-Position").map(Long::parseLong).orElse(0L);
    return new Text(response.body(), position, response.headers().firstValue("X-Drover-Run-Status").orElse(""));
  }

  private URI resolve(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IOException("cannot reach the Drover server at " + base + " (is it running? set --url or DROVER_URL)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (response.statusCode() / 100 != 2) {
      String detail = response.body();
      try {
        JsonNode problem = json.readTree(detail);
        if (problem.hasNonNull("detail")) {
          detail = problem.get("detail").asText();
        }
      } catch (IOException ignored) {
        // not a problem document: show the body as it is
      }
      throw new ApiException(response.statusCode(), "HTTP " + response.statusCode() + ": " + detail);
    }
    return response;
  }

  private JsonNode parse(HttpResponse<String> response) throws IOException {
    return json.readTree(response.body());
  }
}
