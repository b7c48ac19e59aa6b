package io.drover.cli;

import io.drover.DroverApplication;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code drover server}: the DR server, configured by application.yaml and environment. */
@Command(name = "server", description = "Start the DR server (REST API, Cockpit, Tasklist).",
    footer = {"Configured by environment variables (DROVER_DB_URL, DROVER_PORT, ...) or Spring Boot settings as"
        + " arguments, e.g. --server.port=8081: see docs/configuration.md."})
class ServerCommand implements Callable<Integer> {

  @Unmatched
  String[] springArguments = new String[0];

  @Override
  public Integer call() {
    try {
      SpringApplication.run(DroverApplication.class, springArguments);
    } catch (RuntimeException refused) {
      // Spring Boot has printed why (Drover's failure analyses list what to fix): once is enough
      return 1;
    }
    return Waiting.forever();
  }
}
