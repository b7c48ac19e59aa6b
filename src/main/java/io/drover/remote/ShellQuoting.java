package io.drover.remote;

import java.util.List;
import java.util.regex.Pattern;

/** POSIX shell quoting: every argument reaches the remote program as one literal word. */
public final class ShellQuoting {

  /**
   * Characters that need no quotes. Not {@code =}: a first word {@code NAME=value} would be an
   * assignment, not a program.
   */
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:@%+,-]+");

  private ShellQuoting() {
  }

  /** Quotes one argument so that {@code sh} passes it through unchanged. */
  public static String quote(String argument) {
    if (argument.isEmpty()) {
      return "''";
    }
    if (SAFE.matcher(argument).matches()) {
      return argument;
    }
    return "'" + argument.replace("'", "'\\''") + "'";
  }

  /** Joins quoted arguments into one command line. */
  public static String join(List<String> arguments) {
    StringBuilder line = new StringBuilder();
    for (String argument : arguments) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(quote(argument));
    }
    return line.toString();
  }
}
