package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.support.KeycloakBrowser;
import io.drover.support.TestKeycloak;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drover login} against a real Keycloak: a person with the device flow (the link confirmed
 * at Keycloak's own pages), automation with client credentials, the saved token refreshed when it
 * has expired, {@code drover logout}.
 */
class CliLoginTest {

  @TempDir
  Path dir;

  @Test
  void aPersonSignsInWithTheDeviceFlowAndTheTokenIsSavedForHerOnly() throws Exception {
    Path tokenFile = dir.resolve("token.json");
    StringWriter printed = new StringWriter();
    CompletableFuture<Integer> login = CompletableFuture.supplyAsync(() -> DroverCli.commandLine()
        .setOut(new PrintWriter(printed, true))
        .execute("login", "--issuer", TestKeycloak.issuer(), "--token-file", tokenFile.toString()));
    Pattern link = Pattern.compile("open (\\S+)\\s+and confirm the code (\\S+)");
    await().atMost(Duration.ofSeconds(30)).until(() -> link.matcher(printed.toString()).find());
    Matcher shown = link.matcher(printed.toString());
    assertThat(shown.find()).isTrue();
    assertThat(shown.group(1)).contains("user_code=" + shown.group(2));

    new KeycloakBrowser().signIn(shown.group(1), "alice",
        TestKeycloak.credentials().get("DROVER_KC_PASSWORD_ALICE"));
    assertThat(login.get(60, java.util.concurrent.TimeUnit.SECONDS)).as(printed.toString()).isZero();
    assertThat(printed.toString()).contains("signed in as alice (roles: ").contains("dr-operator")
        .contains("groups: service-payments");
    assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(tokenFile)).doesNotContain(TestKeycloak.credentials().get("DROVER_KC_PASSWORD_ALICE"));

    // an expired access token is refreshed with the refresh token, and saved again
    TokenFile saved = new TokenFile(tokenFile);
    TokenFile.Login before = saved.load();
    saved.save(new TokenFile.Login(before.issuer(), before.clientId(), new OidcClient.Tokens(
        before.tokens().accessToken(), before.tokens().refreshToken(), Instant.now().minusSeconds(5),
        before.tokens().refreshExpiresAt())));
    String refreshed = saved.accessToken();
    assertThat(refreshed).isNotEqualTo(before.tokens().accessToken());
    assertThat(LoginCommand.describe(refreshed)).startsWith("alice ");
    assertThat(saved.load().tokens().expiresAt()).isAfter(Instant.now());

    StringWriter out = new StringWriter();
    assertThat(DroverCli.commandLine().setOut(new PrintWriter(out, true))
        .execute("logout", "--token-file", tokenFile.toString())).isZero();
    assertThat(tokenFile).doesNotExist();
    assertThat(out.toString()).contains("logged out");
  }

  @Test
  void automationSignsInWithClientCredentialsFromAFileNeverAnArgument() throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, TestKeycloak.credentials().get("DROVER_KC_SECRET_DROVER_AUTOMATION") + "\n");
    Path tokenFile = dir.resolve("automation.json");
    StringWriter out = new StringWriter();
    int status = DroverCli.commandLine().setOut(new PrintWriter(out, true)).execute("login", "--client-credentials",
        "--issuer", TestKeycloak.issuer(), "--client-secret-file", secret.toString(), "--token-file", tokenFile.toString());
    assertThat(status).as(out.toString()).isZero();
    assertThat(out.toString()).contains("signed in as service-account-drover-automation (roles: ")
        .contains("dr-operator").contains("groups: service-payments");
    assertThat(new TokenFile(tokenFile).accessToken()).isNotBlank();

    Files.writeString(secret, "wrong-secret");
    StringWriter err = new StringWriter();
    assertThat(DroverCli.commandLine().setErr(new PrintWriter(err, true)).execute("login", "--client-credentials",
        "--issuer", TestKeycloak.issuer(), "--client-secret-file", secret.toString(), "--token-file",
        tokenFile.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("drover: ").contains("refused: unauthorized_client");
  }

  @Test
  void anExpiredLoginWithoutRefreshSaysToLogInAgain() throws IOException {
    TokenFile file = new TokenFile(dir.resolve("old.json"));
    file.save(new TokenFile.Login(TestKeycloak.issuer(), "drover-cli", new OidcClient.Tokens("x.y.z", null,
        Instant.now().minusSeconds(60), null)));
    org.assertj.core.api.Assertions.assertThatThrownBy(file::accessToken)
        .hasMessageContaining("has expired; run drover login again");
  }
}
