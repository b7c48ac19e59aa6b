package io.drover.remote;

import java.util.List;
import java.util.Objects;

/**
 * A command to run on a host, built from an argument list. {@link #line()} is what the remote
 * shell receives; {@link #display()} is the same line with secret values masked, for the journal.
 */
public final class RemoteCommand {

  private final List<String> arguments;
  private final List<String> displayArguments;

  private RemoteCommand(List<String> arguments, List<String> displayArguments) {
    if (arguments.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least a program name");
    }
    this.arguments = List.copyOf(arguments);
    this.displayArguments = List.copyOf(displayArguments);
  }

  /** A command whose arguments hold no secret. */
  public static RemoteCommand of(List<String> arguments) {
    return new RemoteCommand(arguments, arguments);
  }

  /** A command whose display form differs from the real one where secrets were substituted. */
  public static RemoteCommand withMasked(List<String> arguments, List<String> displayArguments) {
    if (arguments.size() != displayArguments.size()) {
      throw new IllegalArgumentException("display arguments must match the arguments one to one");
    }
    return new RemoteCommand(arguments, displayArguments);
  }

  public static RemoteCommand of(String... arguments) {
    return of(List.of(arguments));
  }

  public List<String> arguments() {
    return arguments;
  }

  /** The arguments with secret values masked. */
  public List<String> displayArguments() {
    return displayArguments;
  }

  /** The quoted command line sent to the host. */
  public String line() {
    return ShellQuoting.join(arguments);
  }

  /** The quoted command line with secrets masked. */
  public String display() {
    return ShellQuoting.join(displayArguments);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RemoteCommand other && arguments.equals(other.arguments);
  }

  @Override
  public int hashCode() {
    return Objects.hash(arguments);
  }

  @Override
  public String toString() {
    return display();
  }
}
