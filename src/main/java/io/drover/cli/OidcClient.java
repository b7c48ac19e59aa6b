package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.client.ServerUrl;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CLI's side of OpenID Connect against the server's Keycloak realm: the device authorization
 * grant for people (RFC 8628), client credentials for automation, refresh. Endpoints come from the
 * issuer's discovery document.
 */
public class OidcClient {

  private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

  private final String issuer;
  private final boolean insecure;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();
  private JsonNode discovery;

  /**
   * @param insecure whether the issuer and its endpoints may be on plain HTTP beyond this machine
   * @throws ServerUrl.BadUrl when the issuer is not a URL, or is on plain HTTP beyond loopback without it
   */
  public OidcClient(String issuer, boolean insecure) {
    ServerUrl url = ServerUrl.parse(issuer);
    url.requireSafeFor("your sign-in (codes, tokens, secrets)", insecure);
    String text = url.uri().toString();
    this.issuer = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.insecure = insecure;
  }

  /** What the person must open and confirm, and what the CLI polls with. */
  public record DeviceCode(String deviceCode, String userCode, String verificationUri, String verificationUriComplete,
      Duration interval, Instant expiresAt) {
  }

  /** Tokens as issued. */
  public record Tokens(String accessToken, String refreshToken, Instant expiresAt, Instant refreshExpiresAt) {
  }

  /** Starts a device login for a public client. */
  public DeviceCode startDeviceLogin(String clientId) throws IOException {
    JsonNode answer = post(endpoint("device_authorization_endpoint"), Map.of("client_id", clientId, "scope", "openid"));
    return new DeviceCode(answer.path("device_code").asText(), answer.path("user_code").asText(),
        answer.path("verification_uri").asText(), answer.path("verification_uri_complete").asText(null),
        Duration.ofSeconds(Math.max(1, answer.path("interval").asInt(5))),
        Instant.now().plusSeconds(answer.path("expires_in").asInt(600)));
  }

  /** Polls until the person confirmed (tokens), refused or let the code expire (IOException). */
  public Tokens awaitDeviceLogin(String clientId, DeviceCode code) throws IOException, InterruptedException {
    Duration interval = code.interval();
    while (Instant.now().isBefore(code.expiresAt())) {
      Thread.sleep(interval.toMillis());
      HttpResponse<String> response = send(endpoint("token_endpoint"), Map.of("grant_type", DEVICE_GRANT,
          "client_id", clientId, "device_code", code.deviceCode()));
      JsonNode answer = json.readTree(response.body());
      if (response.statusCode() == 200) {
        return tokens(answer);
      }
      String error = answer.path("error").asText();
      if ("slow_down".equals(error)) {
        interval = interval.plusSeconds(5);
      } else if (!"authorization_pending".equals(error)) {
        throw new IOException("login refused by " + issuer + ": " + error + " "
            + answer.path("error_description").asText(""));
      }
    }
    throw new IOException("the login code " + code.userCode() + " expired before it was confirmed; run drover login again");
  }

  /** Client credentials grant, for automation. */
  public Tokens clientCredentials(String clientId, String secret) throws IOException {
    return tokens(post(endpoint("token_endpoint"), Map.of("grant_type", "client_credentials", "client_id", clientId,
        "client_secret", secret)));
  }

  public Tokens refresh(String clientId, String refreshToken) throws IOException {
    return tokens(post(endpoint("token_endpoint"), Map.of("grant_type", "refresh_token", "client_id", clientId,
        "refresh_token", refreshToken)));
  }

  private Tokens tokens(JsonNode answer) {
    Instant now = Instant.now();
    return new Tokens(answer.path("access_token").asText(), answer.path("refresh_token").asText(null),
        now.plusSeconds(answer.path("expires_in").asLong(60)),
        answer.hasNonNull("refresh_token") ? now.plusSeconds(answer.path("refresh_expires_in").asLong(0)) : null);
  }

  private String endpoint(String name) throws IOException {
    if (discovery == null) {
      HttpResponse<String> response = get(URI.create(issuer + "/.well-known/openid-configuration"));
      if (response.statusCode() != 200) {
        throw new IOException("no OpenID provider at " + issuer + " (HTTP " + response.statusCode() + ")");
      }
      discovery = json.readTree(response.body());
    }
    String url = discovery.path(name).asText(null);
    if (url == null) {
      throw new IOException(issuer + " does not offer " + name);
    }
    // the discovery document names the endpoints: each is held to the issuer's rule
    ServerUrl endpoint = ServerUrl.parse(url);
    endpoint.requireSafeFor("your sign-in (codes, tokens, secrets)", insecure);
    return endpoint.uri().toString();
  }

  private JsonNode post(String url, Map<String, String> form) throws IOException {
    HttpResponse<String> response = send(url, form);
    JsonNode answer = json.readTree(response.body());
    if (response.statusCode() != 200) {
      throw new IOException(issuer + " refused: " + answer.path("error").asText("HTTP " + response.statusCode()) + " "
          + answer.path("error_description").asText(""));
    }
    return answer;
  }

  private HttpResponse<String> send(String url, Map<String, String> form) throws IOException {
    String body = form.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return exchange(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> get(URI uri) throws IOException {
    return exchange(HttpRequest.newBuilder(uri).GET());
  }

  private HttpResponse<String> exchange(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      throw new IOException("cannot reach the identity provider at " + issuer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
