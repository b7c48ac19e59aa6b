package io.drover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code drover} command. */
@Command(name = "drover", mixinStandardHelpOptions = true, version = "drover 0.1.0", scope = ScopeType.INHERIT,
    description = "Agentless disaster-recovery orchestrator: moves services between sites over SSH.",
    subcommands = {ServerCommand.class, DemoCommand.class, RunCommand.class, StatusCommand.class,
        ServicesCommand.class, AckCommand.class, FencedCommand.class, CleanupCommand.class, CaCommand.class, ValidateCommand.class, CompileCommand.class, TemplatesCommand.class, HostCommand.class, SecretCommand.class, AuditCommand.class,
        LoginCommand.class, LogoutCommand.class, CheckCommand.class, ReportCommand.class, PlanCommand.class, DecideCommand.Approve.class,
        DecideCommand.Reject.class})
public class DroverCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with Drover's error handling: one line {@code drover: ...}, exit status 1. */
  public static CommandLine commandLine() {
    return configured(new CommandLine(new DroverCli()));
  }

  /** Drover's output streams and error handling on a command line. */
  static CommandLine configured(CommandLine line) {
    return line
        .setOut(new java.io.PrintWriter(System.out, true))
        .setErr(new java.io.PrintWriter(System.err, true))
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("drover: " + oneLine(e));
          return 1;
        })
        .setParameterExceptionHandler(unknownCommand(line.getParameterExceptionHandler()));
  }

  /**
   * A mistyped command gets one line with the nearest commands; every other usage error is
   * picocli's (the problem, then the usage).
   */
  private static CommandLine.IParameterExceptionHandler unknownCommand(CommandLine.IParameterExceptionHandler others) {
    return (ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !cmd.getSubcommands().isEmpty()
          && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
        String typed = unmatched.getUnmatched().get(0);
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": unknown command '" + typed + "'" + io.drover.text.NearestNames.hint(typed,
            cmd.getSubcommands().keySet()) + " (" + name + " --help lists the commands)");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
      }
      return others.handleParseException(ex, args);
    };
  }

  /** What went wrong: a file problem names the file and what is wrong with it. */
  static String oneLine(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (e instanceof java.nio.file.FileSystemException file) {
      return "cannot use " + file.getFile() + ": " + file.getReason();
    }
    if (e instanceof io.drover.client.ApiClient.ApiException api && api.status() == 401) {
      // no token, an expired one, or one the server does not take: the way out is the same
      return e.getMessage() + "; sign in with drover login (or set DROVER_TOKEN)";
    }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
