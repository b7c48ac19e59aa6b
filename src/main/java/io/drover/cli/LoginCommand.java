package io.drover.cli;

import io.drover.client.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drover login}: a person signs in with the device authorization flow (open the link on any
 * device, sign in to Keycloak, confirm the code); automation with client credentials. The tokens
 * are saved for the other commands; passwords never pass through the CLI.
 */
@Command(name = "login", description = "Sign in to the server's Keycloak realm and save the token for the other commands.")
class LoginCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--url", description = "Drover server to ask for its realm (default: $DROVER_URL or http://127.0.0.1:8080)")
  String url;

  @Option(names = "--issuer", description = "Keycloak realm URL, e.g. http://127.0.0.1:8180/realms/drover (default: $DROVER_ISSUER_URI, else asked of the server)")
  String issuer;

  @Option(names = "--client-id", description = "OIDC client (default: the server's CLI client, drover-cli; with --client-credentials: drover-automation)")
  String clientId;

  @Option(names = "--client-credentials", description = "Log in as a service account (automation); the secret comes from --client-secret-file or $DROVER_CLIENT_SECRET")
  boolean clientCredentials;

  @Option(names = "--client-secret-file", description = "File holding the client secret (never pass a secret as an argument)")
  Path secretFile;

  @Option(names = "--token-file", description = "Where to save the login (default: $DROVER_TOKEN_FILE or ~/.config/drover/token.json)")
  Path tokenFile;

  @Option(names = "--insecure", description = "Allow an identity provider (issuer or any of its endpoints) on plain"
      + " HTTP that is not this machine (127.0.0.0/8, [::1], localhost); without it login refuses")
  boolean insecure;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String realm = realm();
    OidcClient oidc = new OidcClient(realm, insecure);
    String client;
    OidcClient.Tokens tokens;
    if (clientCredentials) {
      client = clientId != null ? clientId : "drover-automation";
      tokens = oidc.clientCredentials(client, secret());
    } else {
      client = clientId != null ? clientId : "drover-cli";
      OidcClient.DeviceCode code = oidc.startDeviceLogin(client);
      String link = code.verificationUriComplete() != null ? code.verificationUriComplete() : code.verificationUri();
      out.printf("To sign in, open %s%nand confirm the code %s (valid for %d minutes). Waiting...%n", link,
          code.userCode(), Math.max(1, java.time.Duration.between(java.time.Instant.now(), code.expiresAt()).toMinutes()));
      out.flush();
      tokens = oidc.awaitDeviceLogin(client, code);
    }
    TokenFile file = TokenFile.of(tokenFile);
    file.save(new TokenFile.Login(realm, client, tokens));
    out.printf("signed in as %s; token saved to %s (expires %s)%n", describe(tokens.accessToken()), file.path(),
        tokens.expiresAt());
    return 0;
  }

  private String realm() throws IOException {
    if (issuer != null) {
      return issuer;
    }
    String env = System.getenv("DROVER_ISSUER_URI");
    if (env != null && !env.isBlank()) {
      return env;
    }
    String base = url != null ? url : System.getenv().getOrDefault("DROVER_URL", "http://127.0.0.1:8080");
    JsonNode auth = new ApiClient(base).get("/api/auth");
    if (!auth.hasNonNull("issuer")) {
      throw new IOException("the server at " + base + " takes no credentials (demo mode): no login needed");
    }
    if (clientId == null && !clientCredentials && auth.hasNonNull("cliClientId")) {
      clientId = auth.get("cliClientId").asText();
    }
    return auth.get("issuer").asText();
  }

  private String secret() throws IOException {
    if (secretFile != null) {
      return Files.readString(secretFile, StandardCharsets.UTF_8).strip();
    }
    String env = System.getenv("DROVER_CLIENT_SECRET");
    if (env == null || env.isBlank()) {
      throw new IOException("--client-credentials needs the client secret in --client-secret-file or $DROVER_CLIENT_SECRET");
    }
    return env.strip();
  }

  /** Who the token says signed in, with roles and groups, for the person to check. */
  static String describe(String accessToken) throws IOException {
    String[] parts = accessToken.split("\\.");
    JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    StringBuilder roles = new StringBuilder();
    claims.path("realm_access").path("roles").forEach(r -> {
      if (r.asText().startsWith("dr-")) {
        roles.append(roles.isEmpty() ? "" : ", ").append(r.asText());
      }
    });
    StringBuilder groups = new StringBuilder();
    claims.path("groups").forEach(g -> groups.append(groups.isEmpty() ? "" : ", ").append(g.asText()));
    return claims.path("preferred_username").asText("?") + " (roles: " + (roles.isEmpty() ? "none" : roles)
        + "; groups: " + (groups.isEmpty() ? "none" : groups) + ")";
  }
}
