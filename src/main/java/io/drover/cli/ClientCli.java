package io.drover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The client commands alone, without Spring or the server's classes: what {@code ./drover} starts
 * for them from {@code target/drover-client.jar} (plain classpath, class data sharing archive), so
 * they answer in a fraction of a second. Same commands, options and output as through {@link DroverCli}.
 */
@Command(name = "drover", mixinStandardHelpOptions = true, version = "drover 0.1.0", scope = ScopeType.INHERIT,
    description = "Drover's client commands (the server, demo, validate, compile, secret and report run from"
        + " the full jar).",
    subcommands = {RunCommand.class, StatusCommand.class, ServicesCommand.class, AckCommand.class, FencedCommand.class, CleanupCommand.class, CaCommand.class,
        AuditCommand.class, LoginCommand.class, LogoutCommand.class, CheckCommand.class, PlanCommand.class,
        DecideCommand.Approve.class, DecideCommand.Reject.class})
public class ClientCli {

  public static void main(String[] args) {
    System.exit(DroverCli.configured(new CommandLine(new ClientCli())).execute(args));
  }
}
