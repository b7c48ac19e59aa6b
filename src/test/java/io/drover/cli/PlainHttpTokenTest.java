package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reported leak replayed: a real HTTP listener on 127.0.0.1 that the client commands reach as
 * {@code drover_srv.test} (a host name with '_', which {@code java.net.URI} cannot read, so the old
 * check took it for loopback) and {@code drover-idp.test}. Each command runs as {@code ./drover}
 * runs it, in a JVM of its own ({@link ClientCli}), whose resolver reads a hosts file naming both
 * 127.0.0.1 ({@code -Djdk.net.hosts.file}). Without {@code --insecure} nothing reaches the listener
 * and the command exits 1 with one line on stderr; with it the same command does reach it, so the
 * refusal is the check's, not a name that did not resolve.
 */
class PlainHttpTokenTest {

  private static final String TOKEN = "eyJ0eXAi.leak-me-not.c2ln";
  private static final String SECRET = "client-secret-4fd1";
  private static final List<String> seen = new CopyOnWriteArrayList<>();
  private static HttpServer listener;
  private static int port;

  @TempDir
  static Path dir;

  @BeforeAll
  static void listen() throws IOException {
    listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    port = listener.getAddress().getPort();
    listener.createContext("/", PlainHttpTokenTest::answer);
    listener.start();
    Files.writeString(dir.resolve("hosts"), "127.0.0.1 drover_srv.test\n127.0.0.1 drover-idp.test\n");
  }

  @AfterAll
  static void stop() {
    listener.stop(0);
  }

  @BeforeEach
  void forget() {
    seen.clear();
  }

  private static void answer(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " Authorization="
        + exchange.getRequestHeaders().getFirst("Authorization") + " body=" + body);
    String path = exchange.getRequestURI().getPath();
    String answer = path.equals("/api/services") ? "[]"
        : path.endsWith("/.well-known/openid-configuration") ? "{\"token_endpoint\":\"http://drover-idp.test:" + port
        + "/token\",\"device_authorization_endpoint\":\"http://drover-idp.test:" + port + "/device\"}"
        : "{\"error\":\"invalid_client\"}";
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(path.equals("/api/services") || path.contains("well-known") ? 200 : 400, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private record Result(int status, String out, String err) {
  }

  private Result drover(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djdk.net.hosts.file=" + dir.resolve("hosts"), "-cp", System.getProperty("java.class.path"),
        ClientCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("DROVER_"));
    builder.environment().put("DROVER_TOKEN_FILE", dir.resolve("no-login.json").toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ended", List.of(args)).isTrue();
    return new Result(process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
  }

  private static void assertRefusedInOneLine(Result result, String line) {
    assertThat(result.status()).as(result.toString()).isEqualTo(1);
    assertThat(result.out()).as("stdout").isEmpty();
    assertThat(result.err().lines()).as("stderr").containsExactly(line);
  }

  @Test
  @DisplayName("the token never goes over plain HTTP to drover_srv.test; with --insecure it does, so the name does reach the listener")
  void aTokenNeverGoesOverPlainHttpToAHostThatIsNotLoopback() throws Exception {
    String server = "http://drover_srv.test:" + port;
    assertRefusedInOneLine(drover(Map.of("DROVER_TOKEN", TOKEN), "services", "--url", server),
        "drover: will not send your token over plain HTTP to " + server + " (not this machine): use https://, or"
        + " --insecure if this network is trusted");
    for (String spelling : List.of("http://DROVER_SRV.TEST:" + port, "http://drover_srv.test.:" + port + "/",
        "http://127.0.0.1@drover_srv.test:" + port, "http://drover_srv.test:" + port + "#@127.0.0.1")) {
      Result result = drover(Map.of("DROVER_TOKEN", TOKEN), "services", "--url", spelling);
      assertThat(result.status()).as(spelling + ": " + result).isEqualTo(1);
      assertThat(result.out()).as(spelling).isEmpty();
      assertThat(result.err().lines()).as(spelling).hasSize(1).allMatch(line -> line.startsWith("drover: "));
    }
    // the saved login's token, like $DROVER_TOKEN's
    TokenFile login = new TokenFile(dir.resolve("login.json"));
    login.save(new TokenFile.Login("http://127.0.0.1:1/realms/drover", "drover-cli", new OidcClient.Tokens(TOKEN, null,
        Instant.now().plusSeconds(600), null)));
    assertRefusedInOneLine(drover(Map.of(), "services", "--url", server, "--token-file", login.path().toString()),
        "drover: will not send your token over plain HTTP to " + server + " (not this machine): use https://, or"
        + " --insecure if this network is trusted");
    assertThat(seen).as("requests the listener received").isEmpty();

    Result insecure = drover(Map.of("DROVER_TOKEN", TOKEN), "services", "--url", server, "--insecure");
    assertThat(insecure.status()).as(insecure.toString()).isZero();
    assertThat(seen).containsExactly("GET /api/services Authorization=Bearer " + TOKEN + " body=");
  }

  @Test
  @DisplayName("plain HTTP on loopback carries the token; an unreachable server is one line on stderr, nothing on stdout")
  void loopbackTakesTheTokenAndAnUnreachableServerIsOneLineOnStderr() throws Exception {
    Result result = drover(Map.of("DROVER_TOKEN", TOKEN), "services", "--url", "http://127.0.0.1:" + port);
    assertThat(result.status()).as(result.toString()).isZero();
    assertThat(seen).containsExactly("GET /api/services Authorization=Bearer " + TOKEN + " body=");

    assertRefusedInOneLine(drover(Map.of(), "services", "--url", "http://127.0.0.1:1"),
        "drover: cannot reach the Drover server at http://127.0.0.1:1/ (is it running? set --url or DROVER_URL)");
    assertRefusedInOneLine(drover(Map.of(), "services", "--url", "http://127.0.0.1:80a"),
        "drover: the port in http://127.0.0.1:80a is not a number from 1 to 65535");
  }

  @Test
  @DisplayName("login refuses a plain-HTTP issuer beyond loopback, and a loopback issuer whose endpoints are beyond it")
  void loginRefusesAPlainHttpIdentityProviderThatIsNotLoopback() throws Exception {
    Map<String, String> secret = Map.of("DROVER_CLIENT_SECRET", SECRET);
    String issuer = "http://drover-idp.test:" + port + "/realms/drover";
    assertRefusedInOneLine(drover(secret, "login", "--issuer", issuer, "--client-credentials"),
        "drover: will not send your sign-in (codes, tokens, secrets) over plain HTTP to " + issuer
        + " (not this machine): use https://, or --insecure if this network is trusted");
    assertRefusedInOneLine(drover(Map.of(), "login", "--issuer", "http://drover_srv.test:" + port + "/realms/drover"),
        "drover: will not send your sign-in (codes, tokens, secrets) over plain HTTP to http://drover_srv.test:" + port
        + "/realms/drover (not this machine): use https://, or --insecure if this network is trusted");
    assertThat(seen).as("requests the listener received").isEmpty();

    // a loopback issuer whose discovery document names endpoints beyond loopback: the secret stays here
    String local = "http://127.0.0.1:" + port + "/realms/drover";
    assertRefusedInOneLine(drover(secret, "login", "--issuer", local, "--client-credentials"),
        "drover: will not send your sign-in (codes, tokens, secrets) over plain HTTP to http://drover-idp.test:" + port
        + "/token (not this machine): use https://, or --insecure if this network is trusted");
    assertRefusedInOneLine(drover(Map.of(), "login", "--issuer", local),
        "drover: will not send your sign-in (codes, tokens, secrets) over plain HTTP to http://drover-idp.test:" + port
        + "/device (not this machine): use https://, or --insecure if this network is trusted");
    assertThat(seen).containsExactly(
        "GET /realms/drover/.well-known/openid-configuration Authorization=null body=",
        "GET /realms/drover/.well-known/openid-configuration Authorization=null body=");

    seen.clear();
    Result insecure = drover(secret, "login", "--issuer", issuer, "--client-credentials", "--insecure");
    assertThat(insecure.status()).as(insecure.toString()).isEqualTo(1);
    assertThat(seen).hasSize(2).last().asString().startsWith("POST /token").contains("client_secret=" + SECRET);
  }
}
