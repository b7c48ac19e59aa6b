package io.drover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code drover} command. */
@Command(name = "drover", mixinStandardHelpOptions = true, version = "drover 0.1.0",
    description = "Agentless disaster-recovery orchestrator: moves services between sites over SSH.",
    subcommands = {ServerCommand.class, DemoCommand.class, RunCommand.class, StatusCommand.class,
        ServicesCommand.class, AckCommand.class})
public class DroverCli {

  public static void main(String[] args) {
    int status = new CommandLine(new DroverCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("drover: " + e.getMessage());
      return 1;
    }).execute(args);
    System.exit(status);
  }
}
