package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Every command and subcommand, of the full CLI and of the client jar's, answers {@code --help} and
 * {@code -h} with its usage, exit status 0 and nothing on stderr: none runs (a server started by
 * {@code drover server --help}), none says "Unknown option". The list of commands is read from the
 * command lines themselves, so a command added later is covered.
 */
class HelpOptionTest {

  @Test
  void everyCommandOfTheFullCliPrintsItsHelp() {
    assertEveryCommandPrintsHelp(DroverCli::commandLine);
  }

  @Test
  void everyCommandOfTheClientJarPrintsItsHelp() {
    assertEveryCommandPrintsHelp(() -> DroverCli.configured(new CommandLine(new ClientCli())));
  }

  private static void assertEveryCommandPrintsHelp(Supplier<CommandLine> cli) {
    List<List<String>> paths = new ArrayList<>();
    collect(cli.get(), new ArrayList<>(), paths);
    assertThat(paths).as("the commands found").hasSizeGreaterThan(10);
    for (List<String> path : paths) {
      for (String help : List.of("--help", "-h")) {
        List<String> args = new ArrayList<>(path);
        args.add(help);
        String line = "drover " + String.join(" ", args);
        // parsed first: a command that does not know --help would run (drover server would start a server)
        ParseResult parsed = cli.get().parseArgs(args.toArray(String[]::new));
        while (parsed.hasSubcommand()) {
          parsed = parsed.subcommand();
        }
        assertThat(parsed.isUsageHelpRequested()).as("%s asks for help", line).isTrue();

        CommandLine executed = cli.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        executed.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        executed.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int status = executed.execute(args.toArray(String[]::new));
        assertThat(status).as("%s exit status", line).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).as("%s stderr", line).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).as("%s prints its usage", line)
            .startsWith("Usage: drover " + String.join(" ", path));
      }
    }
  }

  private static void collect(CommandLine line, List<String> path, List<List<String>> paths) {
    for (var sub : line.getSubcommands().entrySet()) {
      List<String> subPath = new ArrayList<>(path);
      subPath.add(sub.getKey());
      paths.add(subPath);
      collect(sub.getValue(), subPath, paths);
    }
  }
}
