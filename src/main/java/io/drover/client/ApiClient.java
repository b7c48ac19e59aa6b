package io.drover.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A small client of Drover's REST API, used by every CLI command but {@code server} and {@code demo}. */
public class ApiClient {

  private final URI base;
  private final String token;
  private final ObjectMapper json = new ObjectMapper();

  public ApiClient(String baseUrl) {
    this(ServerUrl.parse(baseUrl), null, false);
  }

  /**
   * @param token a bearer token from the server's Keycloak realm, or null
   * @param insecure whether the token may go over plain HTTP to a server that is not this machine
   * @throws ServerUrl.BadUrl when it may not ({@link ServerUrl#requireSafeFor})
   */
  public ApiClient(ServerUrl server, String token, boolean insecure) {
    String url = server.uri().toString();
    this.base = URI.create(url.endsWith("/") ? url : url + "/");
    this.token = token == null || token.isBlank() ? null : token.strip();
    if (this.token != null) {
      server.requireSafeFor("your token", insecure);
    }
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
    return json.readTree(send("GET", path, null).body());
  }

  public JsonNode post(String path, Map<String, ?> body) throws IOException {
    return json.readTree(send("POST", path, json.writeValueAsString(body)).body());
  }

  public Text getText(String path) throws IOException {
    Response response = send("GET", path, null);
    String position = response.header("X-Drover-Log-Position");
    String status = response.header("X-Drover-Run-Status");
    return new Text(response.body(), position == null ? 0L : Long.parseLong(position), status == null ? "" : status);
  }

  private URI resolve(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  /** The body as it came, for a binary answer (a report's PDF). */
  public byte[] getBytes(String path) throws IOException {
    return send("GET", path, null).bytes();
  }

  private record Response(int status, byte[] bytes, HttpURLConnection connection) {
    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return connection.getHeaderField(name);
    }
  }

  /**
   * One request over {@link HttpURLConnection}: for a command that makes a request or two, it starts
   * far faster than {@code java.net.http.HttpClient} (no TLS set-up for plain HTTP, no selector thread).
   */
  private Response send(String method, String path, String body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) resolve(path).toURL().openConnection();
    connection.setConnectTimeout(5000);
    connection.setInstanceFollowRedirects(false);
    connection.setReadTimeout(30000);
    connection.setRequestMethod(method);
    connection.setRequestProperty("Accept", "application/json, text/plain, application/problem+json");
    if (token != null) {
      connection.setRequestProperty("Authorization", "Bearer " + token);
    }
    try {
      if (body != null) {
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty("X-Drover-User", System.getenv().getOrDefault("DROVER_USER",
            System.getProperty("user.name", "anonymous")));
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body.getBytes(StandardCharsets.UTF_8));
        }
      }
      int status = connection.getResponseCode();
      InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
      if (status / 100 != 2) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String detail = text;
        try {
          JsonNode problem = json.readTree(text);
          if (problem != null && problem.hasNonNull("detail")) {
            detail = problem.get("detail").asText();
          }
        } catch (IOException ignored) {
          // not a problem document: show the body as it is
        }
        throw new ApiException(status, "HTTP " + status + ": " + detail);
      }
      return new Response(status, bytes, connection);
    } catch (ConnectException e) {
      throw new IOException("cannot reach the Drover server at " + base + " (is it running? set --url or DROVER_URL)");
    } catch (java.net.SocketTimeoutException e) {
      throw new IOException("the Drover server at " + base + " did not answer in time: " + e.getMessage());
    }
  }

}
