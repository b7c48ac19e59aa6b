package io.drover.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drover logout}: forgets the saved login. */
@Command(name = "logout", description = "Delete the saved login.")
class LogoutCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--token-file", description = "The saved login (default: $DROVER_TOKEN_FILE or ~/.config/drover/token.json)")
  Path tokenFile;

  @Override
  public Integer call() throws Exception {
    TokenFile file = TokenFile.of(tokenFile);
    spec.commandLine().getOut().println(file.delete() ? "logged out: deleted " + file.path() : "no saved login at " + file.path());
    return 0;
  }
}
