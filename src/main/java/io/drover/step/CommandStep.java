package io.drover.step;

import io.drover.inventory.HostSpec;
import io.drover.remote.ExecResult;
import io.drover.remote.RemoteException;
import io.drover.remote.RunConnections;
import io.drover.remote.SshProperties;
import io.drover.security.CredentialStore;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Step type {@code command}: runs one command, given as an argument list, on one host role.
 * Parameters: {@code host} (primary, standby or a host name), {@code command} (list), optional
 * {@code timeout} (ISO-8601 duration). A command still running after {@code drover.ssh.hold} goes
 * on detached on its host ({@link StepStillRunning}); the step is then watched until it ends.
 */
@Component("commandStepType")
public class CommandStep implements StepType {

  /** What this step type takes (see {@link StepContract}). */
  public static final StepContract CONTRACT = StepContract.of("command", "commandStep")
      .title("Drover: run a command", "Runs one command on one host of the service over SSH. Each argument reaches"
          + " the program as one literal word.")
      .role("host").field(Fields.HOST_LABEL, "primary", Fields.HOST_DESCRIPTION, Fields.HOST)
      .list("command", "*").textField("Command", "[\"true\"]", "JSON array: program then arguments, e.g."
          + " [\"app/bin/ctl\", \"stop\", \"{{var:appDir}}\"]. {{var:NAME}} takes a run variable, {{secret:NAME}} a"
          + " secret (masked in the journal).", Fields.ARGV)
      .optional("timeout").field(Fields.TIMEOUT_LABEL, "", Fields.TIMEOUT_DESCRIPTION, Fields.DURATION)
      .optional(RehearsalRules.SAFE_INPUT).choiceField(Fields.REHEARSAL_SAFE_LABEL, "false",
          Fields.REHEARSAL_SAFE_DESCRIPTION, "false", "true")
      .build();

  private final HostResolver hosts;
  private final RunConnections connections;
  private final CredentialStore credentials;
  private final SshProperties ssh;

  public CommandStep(HostResolver hosts, RunConnections connections, CredentialStore credentials, SshProperties ssh) {
    this.hosts = hosts;
    this.connections = connections;
    this.credentials = credentials;
    this.ssh = ssh;
  }

  @Override
  public StepContract contract() {
    return CONTRACT;
  }

  @Override
  public String name() {
    return CONTRACT.type();
  }

  @Override
  public boolean fenced() {
    return true;
  }

  @Override
  public StepNeeds needs(StepRequest request) throws StepFailure {
    SecretArguments.expand(request, "command", credentials);
    request.duration("timeout", ssh.commandTimeout());
    return StepNeeds.login(hosts.host(request.service(), request.string("host")));
  }

  @Override
  public String preview(StepRequest request) throws StepFailure {
    return SecretArguments.expand(request, "command", credentials).command().display();
  }

  @Override
  public String mask(StepRequest request, String output) throws StepFailure {
    return SecretArguments.expand(request, "command", credentials).mask(output);
  }

  @Override
  public StepResult execute(StepRequest request, AttemptRecorder recorder) throws StepFailure {
    HostSpec host = hosts.host(request.service(), request.string("host"));
    SecretArguments command = SecretArguments.expand(request, "command", credentials);
    Duration timeout = request.duration("timeout", ssh.commandTimeout());
    recorder.started(host.name(), command.command().display());
    ExecResult result;
    try {
      result = connections.get(request.runId(), hosts.target(host, request.runId())).execFenced(command.command(), recorder.fence(),
          timeout, ssh.hold(), ssh.killGrace()).orElseThrow(() -> new StepStillRunning(host.name()));
    } catch (RemoteException e) {
      connections.discard(request.runId(), host.name());
      throw new StepFailure(FailureReason.of(e.reason()), command.mask(e.getMessage()), null, null, null, e);
    }
    String stdout = command.mask(result.stdout());
    String stderr = command.mask(result.stderr());
    if (!result.succeeded()) {
      throw new StepFailure(FailureReason.NON_ZERO_EXIT, "exit status " + result.exitStatus() + " on " + host.name(),
          result.exitStatus(), stdout, stderr, null);
    }
    return new StepResult(result.exitStatus(), stdout, stderr);
  }
}
