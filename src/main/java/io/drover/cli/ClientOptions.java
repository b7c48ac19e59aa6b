package io.drover.cli;

import picocli.CommandLine.Option;

/** Where the Drover server is, for the client commands; a bearer token comes from $DROVER_TOKEN. */
class ClientOptions {

  @Option(names = "--url", description = "Drover server URL (default: $DROVER_URL or http://127.0.0.1:8080)")
  String url;

  ApiClient client() {
    String base = url != null ? url : System.getenv().getOrDefault("DROVER_URL", "http://127.0.0.1:8080");
    return new ApiClient(base, System.getenv("DROVER_TOKEN"));
  }
}
