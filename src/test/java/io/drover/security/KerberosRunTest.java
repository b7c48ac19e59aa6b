package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestCli;
import io.drover.support.TestKdc;
import io.drover.support.TestWorld;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A run over Kerberos on a real OpenSSH sshd ({@code GSSAPIAuthentication yes}, no key accepted)
 * against a real MIT KDC: service krb-svc's principal, from the keytab in the encrypted secret store,
 * runs both steps; each attempt's journal row, the run log, the evidence report and the host's own
 * sshd log name the principal. Service krb-stray's principal, which the account's .k5login does not
 * list, is refused, and the preflight says where to add it.
 */
@DroverIntegrationTest
class KerberosRunTest {

  static final String PRINCIPAL = "drover-krb-svc@" + TestKdc.REALM;

  @LocalServerPort
  int port;

  @Test
  void aRunOverKerberosIsNamedAlikeByTheHostsLogTheJournalAndTheReport() throws Exception {
    TestApi api = new TestApi(port);
    String runId = api.request("krb-svc", "migrate");
    JsonNode run = api.awaitEnd(runId);
    assertThat(run.path("outcome").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.path("steps")).hasSize(2);
    for (JsonNode step : run.path("steps")) {
      assertThat(step.path("credential").asText()).as(step.toString()).isEqualTo("kerberos principal " + PRINCIPAL);
    }
    assertThat(api.log(runId)).contains("credential=kerberos principal " + PRINCIPAL);
    String report = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/api/runs/" + runId + "/report")).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(report).contains("kerberos principal " + PRINCIPAL);
    assertThat(TestWorld.kerberosHostLog()).contains("Authorized to " + TestWorld.KERBEROS_ACCOUNT + ", krb5 principal "
        + PRINCIPAL + " (krb5_kuserok)").contains("Accepted gssapi-with-mic for " + TestWorld.KERBEROS_ACCOUNT);
  }

  @Test
  void aPreflightOnAHostWhoseK5loginDoesNotListTheServicesPrincipalSaysWhereToAddIt() throws Exception {
    TestCli.Result check = TestCli.run("check", "krb-stray", "--action", "migrate", "--url", "http://127.0.0.1:"
        + port);
    assertThat(check.status()).as(check.out() + check.err()).isEqualTo(1);
    assertThat(check.out()).contains("  - host krb-a (127.0.0.1:").contains(") refused Kerberos principal"
        + " drover-krb-stray@" + TestKdc.REALM + " as " + TestWorld.KERBEROS_ACCOUNT + ": add it to ~"
        + TestWorld.KERBEROS_ACCOUNT + "/.k5login there; its sshd needs GSSAPIAuthentication yes and a keytab with "
        + TestWorld.KERBEROS_HOST_PRINCIPAL);
    assertThat(TestWorld.kerberosHostLog()).contains("Failed gssapi-with-mic for " + TestWorld.KERBEROS_ACCOUNT);
    // a Kerberos host is no STATIC_CREDENTIAL host: its logins name the service, not one shared key
    TestCli.Result json = TestCli.run("check", "krb-stray", "--action", "migrate", "--output", "json", "--url",
        "http://127.0.0.1:" + port);
    JsonNode readiness = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get(0);
    assertThat(readiness.path("staticCredentialHosts")).as(json.out()).isEmpty();
    assertThat(readiness.path("problems").toString()).contains(".k5login");
  }
}
