package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The CLI's saved login: tokens from {@code drover login}, readable by the user only
 * ({@code $DROVER_TOKEN_FILE}, default {@code ~/.config/drover/token.json}). It holds no password
 * and no client secret; a person's access token is refreshed with the refresh token when it expires.
 */
public class TokenFile {

  private final Path path;
  private final ObjectMapper json = new ObjectMapper();

  public TokenFile(Path path) {
    this.path = path;
  }

  /** The file named by the option, else $DROVER_TOKEN_FILE, else ~/.config/drover/token.json. */
  public static TokenFile of(Path option) {
    if (option != null) {
      return new TokenFile(option);
    }
    String env = System.getenv("DROVER_TOKEN_FILE");
    return new TokenFile(env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".config", "drover", "token.json"));
  }

  /** A login as saved. */
  public record Login(String issuer, String clientId, OidcClient.Tokens tokens) {
  }

  public Path path() {
    return path;
  }

  public void save(Login login) throws IOException {
    ObjectNode node = json.createObjectNode().put("issuer", login.issuer()).put("clientId", login.clientId())
        .put("accessToken", login.tokens().accessToken()).put("refreshToken", login.tokens().refreshToken())
        .put("expiresAt", login.tokens().expiresAt().toString())
        .put("refreshExpiresAt", login.tokens().refreshExpiresAt() == null ? null
            : login.tokens().refreshExpiresAt().toString());
    Files.createDirectories(path.toAbsolutePath().getParent());
    Path temp = path.resolveSibling(path.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, json.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    Files.move(temp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The saved login, or null when there is none. */
  public Login load() throws IOException {
    if (!Files.exists(path)) {
      return null;
    }
    JsonNode node = json.readTree(path.toFile());
    return new Login(node.path("issuer").asText(), node.path("clientId").asText(), new OidcClient.Tokens(
        node.path("accessToken").asText(), node.path("refreshToken").asText(null),
        Instant.parse(node.path("expiresAt").asText()),
        node.hasNonNull("refreshExpiresAt") ? Instant.parse(node.path("refreshExpiresAt").asText()) : null));
  }

  public boolean delete() throws IOException {
    return Files.deleteIfExists(path);
  }

  /** {@link #accessToken(boolean)} without {@code --insecure}. */
  public String accessToken() throws IOException {
    return accessToken(false);
  }

  /**
   * A valid access token: the saved one, or a refreshed one (saved again); an error that says to
   * log in again when neither is possible. Null when nobody logged in.
   *
   * @param insecure whether the refresh token may go over plain HTTP to an identity provider that is
   *     not this machine
   */
  public String accessToken(boolean insecure) throws IOException {
    Login login = load();
    if (login == null) {
      return null;
    }
    Instant soon = Instant.now().plusSeconds(10);
    if (login.tokens().expiresAt().isAfter(soon)) {
      return login.tokens().accessToken();
    }
    if (login.tokens().refreshToken() == null || login.tokens().refreshExpiresAt() == null
        || !login.tokens().refreshExpiresAt().isAfter(soon)) {
      throw new IOException("the saved login in " + path + " has expired; run drover login again");
    }
    OidcClient.Tokens refreshed;
    try {
      refreshed = new OidcClient(login.issuer(), insecure).refresh(login.clientId(), login.tokens().refreshToken());
    } catch (IOException e) {
      // the session ended at Keycloak (signed out, idle too long, revoked) or Keycloak is unreachable
      throw new IOException("the saved login in " + path + " could not be renewed (" + e.getMessage()
          + "); run drover login again", e);
    }
    save(new Login(login.issuer(), login.clientId(), refreshed));
    return refreshed.accessToken();
  }
}
