package io.drover.step;

import io.drover.inventory.HostSpec;
import io.drover.remote.ExecResult;
import io.drover.remote.RemoteCommand;
import io.drover.remote.RemoteException;
import io.drover.remote.RunConnections;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the probe, act and verify commands of one step on one host, over the run's SSH session.
 * Commands that need root go through {@code sudo -n} unless the login user is root; a missing sudo
 * right is found before acting and reported as {@link FailureReason#PERMISSION_DENIED}.
 */
public final class HostShell {

  private final String runId;
  private final HostSpec host;
  private final HostResolver hosts;
  private final RunConnections connections;
  private final Duration timeout;
  private final StringBuilder transcript = new StringBuilder();

  public HostShell(String runId, HostSpec host, HostResolver hosts, RunConnections connections, Duration timeout) {
    this.runId = runId;
    this.host = host;
    this.hosts = hosts;
    this.connections = connections;
    this.timeout = timeout;
  }

  public HostSpec host() {
    return host;
  }

  /** Runs a command as the login user. */
  public ExecResult run(String... arguments) throws StepFailure {
    return exec(RemoteCommand.of(arguments));
  }

  /** Runs a command as root. */
  public ExecResult privileged(String... arguments) throws StepFailure {
    return exec(RemoteCommand.of(asRoot(arguments)));
  }

  /** Runs a command as another user (e.g. postgres) through {@code sudo -n -u USER}. */
  public ExecResult as(String user, String... arguments) throws StepFailure {
    List<String> command = new ArrayList<>(List.of("sudo", "-n", "-u", user, "--"));
    command.addAll(List.of(arguments));
    return exec(RemoteCommand.of(command));
  }

  /** Fails unless the login user may run {@code program} as {@code user} without a password. */
  public void requireAs(String user, String program) throws StepFailure {
    ExecResult check = run("sudo", "-n", "-u", user, "-l", "--", program);
    if (!check.succeeded()) {
      throw new StepFailure(FailureReason.PERMISSION_DENIED, "user " + host.user() + " may not run '" + program
          + "' as " + user + " with sudo -n on " + host.name() + "; grant it in sudoers (NOPASSWD)", check.exitStatus(),
          check.stdout(), check.stderr(), null);
    }
  }

  /** True when the command exits 0. */
  public boolean test(boolean asRoot, String... arguments) throws StepFailure {
    return (asRoot ? privileged(arguments) : run(arguments)).succeeded();
  }

  /** Fails unless the login user may run {@code program} as root without a password. */
  public void requireRoot(String program) throws StepFailure {
    if (isRoot()) {
      return;
    }
    ExecResult check = run("sudo", "-n", "-l", "--", program);
    if (!check.succeeded()) {
      throw new StepFailure(FailureReason.PERMISSION_DENIED, "user " + host.user() + " may not run '" + program
          + "' with sudo -n on " + host.name() + "; grant it in sudoers (NOPASSWD) for that command", check.exitStatus(),
          check.stdout(), check.stderr(), null);
    }
  }

  /** Runs a command as root and fails the step unless it exits 0. */
  public ExecResult act(String what, String... arguments) throws StepFailure {
    ExecResult result = privileged(arguments);
    if (!result.succeeded()) {
      throw new StepFailure(FailureReason.NON_ZERO_EXIT, what + " failed on " + host.name() + " (exit status "
          + result.exitStatus() + ")", result.exitStatus(), result.stdout(), result.stderr(), null);
    }
    return result;
  }

  /** The display form of a root command, for the journal. */
  public String display(String... arguments) {
    return RemoteCommand.of(asRoot(arguments)).display();
  }

  /** What ran, one line per command with its exit status: the step's stdout in the journal. */
  public String transcript() {
    return transcript.toString();
  }

  public void note(String line) {
    transcript.append(line).append('\n');
  }

  private boolean isRoot() {
    return "root".equals(host.user());
  }

  private List<String> asRoot(String... arguments) {
    List<String> command = new ArrayList<>();
    if (!isRoot()) {
      command.addAll(List.of("sudo", "-n", "--"));
    }
    command.addAll(List.of(arguments));
    return command;
  }

  private ExecResult exec(RemoteCommand command) throws StepFailure {
    try {
      ExecResult result = connections.get(runId, hosts.target(host, runId)).exec(command, timeout);
      transcript.append("$ ").append(command.display()).append("  -> ").append(result.exitStatus()).append('\n');
      return result;
    } catch (RemoteException e) {
      connections.discard(runId, host.name());
      throw new StepFailure(FailureReason.of(e.reason()), e.getMessage(), null, transcript.toString(), null, e);
    }
  }
}
