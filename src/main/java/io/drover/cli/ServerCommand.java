package io.drover.cli;

import io.drover.DroverApplication;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code drover server}: the DR server, configured by application.yaml and environment. */
@Command(name = "server", description = "Start the DR server (REST API, Cockpit, Tasklist).")
class ServerCommand implements Callable<Integer> {

  @Unmatched
  String[] springArguments = new String[0];

  @Override
  public Integer call() {
    SpringApplication.run(DroverApplication.class, springArguments);
    return Waiting.forever();
  }
}
