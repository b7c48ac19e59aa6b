package io.drover.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Keycloak with realm {@code drover}, started by {@code ops/keycloak/keycloak.sh up} (which
 * fetches it from Maven Central the first time). Fails loudly when it cannot start.
 */
public final class TestKeycloak {

  private static Map<String, String> credentials;

  private TestKeycloak() {
  }

  public static synchronized Map<String, String> credentials() {
    if (credentials == null) {
      try {
        ProcessBuilder builder = new ProcessBuilder("ops/keycloak/keycloak.sh", "up").redirectErrorStream(true);
        builder.environment().put("DROVER_KC_TEST_CLIENT", "1");
        Process up = builder.start();
        String out = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!up.waitFor(300, TimeUnit.SECONDS) || up.exitValue() != 0) {
          throw new IllegalStateException("Keycloak did not start (ops/keycloak/keycloak.sh up):\n" + out);
        }
        if (!out.contains("already running")) {
          // started for these tests: stopped with them
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              new ProcessBuilder("ops/keycloak/keycloak.sh", "down").start().waitFor(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException ignored) {
              // the JVM is ending
            }
          }));
        }
        Path file = Path.of(System.getenv().getOrDefault("DROVER_KC_DIR", "/var/tmp/drover-keycloak"), "credentials.env");
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
          int eq = line.indexOf('=');
          if (eq > 0) {
            values.put(line.substring(0, eq), line.substring(eq + 1));
          }
        }
        credentials = values;
      } catch (IOException e) {
        throw new IllegalStateException("cannot start Keycloak for the tests", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return credentials;
  }

  /**
   * Lets realm {@code drover}'s web client send people back to a test server on this loopback port:
   * its exact sign-in address is added to {@code drover-web}'s redirect URIs (the realm holds exact
   * addresses only), through Keycloak's admin API. Idempotent.
   */
  public static synchronized void allowWebRedirect(int port) throws IOException, InterruptedException {
    String redirect = "http://127.0.0.1:" + port + "/login/oauth2/code/keycloak";
    String url = credentials().get("DROVER_KC_URL");
    String admin = token(url + "/realms/master", "admin-cli", "admin", credentials().get("DROVER_KC_ADMIN_PASSWORD"));
    HttpClient http = HttpClient.newHttpClient();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode found = json.readTree(http.send(HttpRequest.newBuilder(URI.create(url
        + "/admin/realms/drover/clients?clientId=drover-web")).header("Authorization", "Bearer " + admin).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    com.fasterxml.jackson.databind.node.ObjectNode client = (com.fasterxml.jackson.databind.node.ObjectNode) found.get(0);
    com.fasterxml.jackson.databind.node.ArrayNode uris = client.withArray("redirectUris");
    for (com.fasterxml.jackson.databind.JsonNode uri : uris) {
      if (uri.asText().equals(redirect)) {
        return;
      }
    }
    uris.add(redirect);
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(url + "/admin/realms/drover/clients/"
            + client.get("id").asText())).header("Authorization", "Bearer " + admin)
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
            client))).build(), HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() != 204) {
      throw new IllegalStateException("Keycloak refused the redirect URI " + redirect + ": " + put.body());
    }
  }

  public static String issuer() {
    return credentials().get("DROVER_KC_ISSUER");
  }

  /**
   * An access token for a realm user (password grant of the test-only client {@code drover-tests}
   * that {@code keycloak.sh} adds for the tests; the shipped realm has no password grant).
   */
  public static String token(String user) throws IOException, InterruptedException {
    return token(issuer(), "drover-tests", user, credentials().get("DROVER_KC_PASSWORD_" + user.toUpperCase()));
  }

  /** An ID token for a realm user: a token the API must refuse (it is not an access token). */
  public static String idToken(String user) throws IOException, InterruptedException {
    return token(issuer(), "drover-tests", user, credentials().get("DROVER_KC_PASSWORD_" + user.toUpperCase()),
        "openid", "id_token");
  }

  public static String token(String issuer, String client, String user, String password)
      throws IOException, InterruptedException {
    return token(issuer, client, user, password, null, "access_token");
  }

  private static String token(String issuer, String client, String user, String password, String scope, String kind)
      throws IOException, InterruptedException {
    String form = "grant_type=password&client_id=" + client + "&username=" + user + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8) + (scope == null ? "" : "&scope=" + scope);
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(issuer + "/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("\"" + kind + "\":\"([^\"]+)\"").matcher(response.body());
    if (!m.find()) {
      throw new IllegalStateException("no token for " + user + ": " + response.body());
    }
    return m.group(1);
  }
}
