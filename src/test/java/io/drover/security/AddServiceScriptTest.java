package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.support.TestKeycloak;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ops/keycloak/add-service.sh} onboards a service in a real Keycloak: its group, its members
 * and their roles, so that their tokens carry what Drover's rules look for; again changes nothing;
 * a missing user changes nothing at all. Users and groups of the test are removed after it.
 */
class AddServiceScriptTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String service = "onb-" + suffix;
  private final String operator = "oper-" + suffix;
  private final String approver = "appr-" + suffix;

  @Test
  void aServiceGetsItsGroupMembersAndRolesAndTheirTokensSaySo() throws Exception {
    String password = createUser(operator);
    createUser(approver);

    Script first = script(service, "--operator", operator, "--approver", approver);
    assertThat(first.status()).as(first.out()).isZero();
    assertThat(first.out()).contains("group service-" + service + " created")
        .contains(operator + ": in service-" + service + ", role dr-operator")
        .contains(approver + ": in service-" + service + ", role dr-approver");
    String claims = claims(TestKeycloak.token(TestKeycloak.issuer(), "drover-tests", operator, password));
    assertThat(claims).contains("\"service-" + service + "\"").contains("\"dr-operator\"").contains("\"dr-viewer\"")
        .doesNotContain("\"dr-approver\"");
    assertThat(admin("GET", "/groups/" + groupId("service-" + service) + "/members", null)).contains(
        "\"username\":\"" + approver + "\"");

    Script again = script(service, "--operator", operator, "--approver", approver);
    assertThat(again.status()).as(again.out()).isZero();
    assertThat(again.out()).contains("group service-" + service + " already there");
  }

  @Test
  void aMissingUserChangesNothing() throws Exception {
    createUser(operator);
    Script refused = script(service, "--operator", operator, "--approver", "nobody-" + suffix);
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.out()).contains("no user 'nobody-" + suffix + "' in realm drover (nothing was changed)");
    assertThat(groupId("service-" + service)).as("no group made").isEmpty();
    assertThat(script("Bad_Name").status()).isEqualTo(64);
  }

  @AfterEach
  void removeWhatTheTestMade() throws Exception {
    for (String user : new String[] {operator, approver}) {
      String id = userId(user);
      if (!id.isEmpty()) {
        admin("DELETE", "/users/" + id, null);
      }
    }
    String group = groupId("service-" + service);
    if (!group.isEmpty()) {
      admin("DELETE", "/groups/" + group, null);
    }
  }

  private record Script(int status, String out) {
  }

  private static Script script(String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("ops/keycloak/add-service.sh"));
    command.addAll(java.util.List.of(args));
    TestKeycloak.credentials();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Script(process.exitValue(), out);
  }

  /** A user of realm drover with a random password, returned. */
  private String createUser(String name) throws Exception {
    String password = UUID.randomUUID().toString();
    admin("POST", "/users", "{\"username\":\"" + name + "\",\"enabled\":true,\"email\":\"" + name + "@drover.test\","
        + "\"firstName\":\"T\",\"lastName\":\"U\",\"emailVerified\":true,\"credentials\":[{\"type\":\"password\","
        + "\"value\":\"" + password + "\",\"temporary\":false}]}");
    return password;
  }

  private String userId(String name) throws Exception {
    return admin("GET", "/users?exact=true&username=" + name, null).replaceAll("(?s)^\\[\\{\"id\":\"([^\"]+)\".*", "$1")
        .replaceAll("^\\[\\]$", "");
  }

  private String groupId(String name) throws Exception {
    return admin("GET", "/groups?exact=true&search=" + name, null).replaceAll("(?s)^\\[\\{\"id\":\"([^\"]+)\".*", "$1")
        .replaceAll("^\\[\\]$", "");
  }

  private String admin(String method, String path, String body) throws Exception {
    String kc = TestKeycloak.credentials().get("DROVER_KC_URL");
    String form = "grant_type=password&client_id=admin-cli&username=admin&password=" + URLEncoder.encode(
        TestKeycloak.credentials().get("DROVER_KC_ADMIN_PASSWORD"), StandardCharsets.UTF_8);
    String token = http.send(HttpRequest.newBuilder(URI.create(kc + "/realms/master/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
            .build(), HttpResponse.BodyHandlers.ofString()).body()
        .replaceAll("(?s).*\"access_token\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(kc + "/admin/realms/drover" + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
    return response.body();
  }

  private static String claims(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }
}
