package io.drover.cli;

import io.drover.client.ApiClient;
import io.drover.client.ServerUrl;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the Drover server is, for the client commands, and who is asking: the bearer token in
 * $DROVER_TOKEN, else the login saved by {@code drover login} (refreshed when it has expired).
 */
class ClientOptions {

  @Option(names = "--url", description = "Drover server URL (default: $DROVER_URL or http://127.0.0.1:8080)")
  String url;

  @Option(names = "--token-file", description = "Saved login to use (default: $DROVER_TOKEN_FILE or ~/.config/drover/token.json)")
  Path tokenFile;

  @Option(names = "--insecure", description = "Allow sending the token (and refreshing it) over plain HTTP to a"
      + " host that is not this machine (127.0.0.0/8, [::1], localhost); without it the command refuses")
  boolean insecure;

  @Option(names = "--output", defaultValue = "text", description = "text (default) or json: the API's answer as"
      + " JSON, for scripts")
  String output;

  /** Whether the caller asked for JSON; anything but text or json is refused. */
  boolean json() {
    if (!"text".equals(output) && !"json".equals(output)) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--output must be text or json, not '" + output + "'");
    }
    return "json".equals(output);
  }

  /** Prints an API answer as JSON. */
  static void print(com.fasterxml.jackson.databind.JsonNode answer) {
    System.out.println(answer.toPrettyString());
  }

  ApiClient client() throws IOException {
    ServerUrl server = ServerUrl.parse(url != null ? url : System.getenv().getOrDefault("DROVER_URL",
        "http://127.0.0.1:8080"));
    String token = System.getenv("DROVER_TOKEN");
    if (token == null || token.isBlank()) {
      token = TokenFile.of(tokenFile).accessToken(insecure);
    }
    return new ApiClient(server, token, insecure);
  }
}
