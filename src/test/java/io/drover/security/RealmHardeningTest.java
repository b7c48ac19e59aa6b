package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.support.TestKeycloak;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Realm {@code drover} as {@code keycloak.sh} imports it from the shipped export, on a real
 * Keycloak: no client of the realm takes the password grant (Keycloak's own default clients
 * included; the tests' own {@code drover-tests} client is added by the script, never exported),
 * a user is locked after repeated wrong passwords, and every client redirects only to exact
 * addresses.
 */
class RealmHardeningTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theExportItselfHasNoPasswordGrantAndBruteForceDetectionOn() throws Exception {
    JsonNode export = JSON.readTree(Path.of("ops/keycloak/realm-drover.json").toFile());
    assertThat(export.path("bruteForceProtected").asBoolean()).isTrue();
    assertThat(export.path("failureFactor").asInt()).isBetween(1, 10);
    for (JsonNode client : export.path("clients")) {
      assertThat(client.path("directAccessGrantsEnabled").isBoolean()).as(client.path("clientId").asText()
          + " says whether it takes the password grant").isTrue();
      assertThat(client.path("directAccessGrantsEnabled").asBoolean()).as(client.path("clientId").asText()).isFalse();
      assertThat(client.path("clientId").asText()).isNotEqualTo("drover-tests");
      for (JsonNode uri : client.path("redirectUris")) {
        assertThat(uri.asText()).as(client.path("clientId").asText()).doesNotContain("*");
      }
    }
  }

  @Test
  void noClientOfTheRealmAsImportedTakesThePasswordGrantAndRedirectsAreExact() throws Exception {
    JsonNode clients = admin("GET", "/admin/realms/drover/clients", null);
    assertThat(clients.size()).as("Keycloak's default clients are there too").isGreaterThan(4);
    for (JsonNode client : clients) {
      String id = client.path("clientId").asText();
      if (!id.equals("drover-tests")) {
        assertThat(client.path("directAccessGrantsEnabled").asBoolean()).as(id + " takes the password grant").isFalse();
      }
      for (JsonNode uri : client.path("redirectUris")) {
        // Keycloak's own consoles redirect within Keycloak (a path on its own host, no scheme)
        if (!uri.asText().startsWith("/")) {
          assertThat(uri.asText()).as(id + " redirect URI").doesNotContain("*");
        }
      }
    }
    for (String client : new String[] {"admin-cli", "drover-cli", "drover-web", "account", "account-console"}) {
      HttpResponse<String> grant = post(TestKeycloak.issuer() + "/protocol/openid-connect/token", "grant_type=password"
          + "&client_id=" + client + "&username=alice&password=" + URLEncoder.encode(TestKeycloak.credentials()
          .get("DROVER_KC_PASSWORD_ALICE"), StandardCharsets.UTF_8));
      assertThat(grant.statusCode()).as(client + ": " + grant.body()).isBetween(400, 401);
      assertThat(grant.body()).as(client).doesNotContain("access_token");
    }
    HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(URI.create(TestKeycloak.issuer()
        + "/protocol/openid-connect/auth?response_type=code&client_id=drover-web&scope=openid&redirect_uri="
        + URLEncoder.encode("http://127.0.0.1.evil.example/cb", StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(redirect.statusCode()).isEqualTo(400);
    assertThat(redirect.body()).contains("Invalid parameter: redirect_uri");
  }

  @Test
  void twelveWrongPasswordsLockTheUserSoTheRightOneGetsNoToken() throws Exception {
    String user = "guess-" + UUID.randomUUID().toString().substring(0, 8);
    String password = UUID.randomUUID().toString();
    admin("POST", "/admin/realms/drover/users", "{\"username\":\"" + user + "\",\"enabled\":true,\"email\":\"" + user
        + "@example.org\",\"emailVerified\":true,\"firstName\":\"G\",\"lastName\":\"Uess\",\"credentials\":[{\"type\":"
        + "\"password\",\"value\":\"" + password + "\",\"temporary\":false}]}");
    String token = TestKeycloak.issuer() + "/protocol/openid-connect/token";
    assertThat(post(token, grant(user, password)).body()).as("the right password works at first")
        .contains("access_token");
    for (int i = 0; i < 12; i++) {
      assertThat(post(token, grant(user, "wrong-" + i)).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> right = post(token, grant(user, password));
    assertThat(right.body()).as("locked after repeated failures").doesNotContain("access_token");
    JsonNode status = admin("GET", "/admin/realms/drover/attack-detection/brute-force/users/"
        + admin("GET", "/admin/realms/drover/users?exact=true&username=" + user, null).get(0).path("id").asText(), null);
    assertThat(status.path("disabled").asBoolean()).as(status.toString()).isTrue();
  }

  private static String grant(String user, String password) {
    return "grant_type=password&client_id=drover-tests&username=" + user + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> post(String url, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode admin(String method, String path, String json) throws Exception {
    String url = TestKeycloak.credentials().get("DROVER_KC_URL");
    String token = TestKeycloak.token(url + "/realms/master", "admin-cli", "admin",
        TestKeycloak.credentials().get("DROVER_KC_ADMIN_PASSWORD"));
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isBetween(200, 299);
    return answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
  }
}
