package io.drover.step;

import io.drover.inventory.HostSpec;
import io.drover.remote.ExecResult;
import io.drover.remote.RemoteCommand;
import io.drover.remote.RemoteException;
import io.drover.remote.RunConnections;
import io.drover.remote.SshConnection;
import io.drover.remote.SshProperties;
import java.io.IOException;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Step type {@code transfer}: copies a directory from one host role to another through the DR
 * server (tar over two SSH sessions; nothing installed on the hosts, no trust between them).
 * The destination is replaced only once the whole copy arrived. Parameters: {@code from},
 * {@code to}, {@code path}, optional {@code toPath} and {@code timeout}.
 */
@Component("transferStepType")
public class TransferStep implements StepType {

  /** What this step type takes (see {@link StepContract}). */
  public static final StepContract CONTRACT = StepContract.of("transfer", "transferStep")
      .title("Drover: copy a directory between hosts", "Streams a directory from one host of the service to another"
          + " through the DR server (tar over SSH); the destination is replaced only once the copy is complete.")
      .role("from").field("From host", "primary", null, Fields.HOST)
      .role("to").field("To host", "standby", null, Fields.HOST)
      .required("path").field("Directory", "", "path on the source host (relative to the login user's home or"
          + " absolute)", null)
      .optional("toPath").field("Directory on the destination", "", "empty: the same path", null)
      .optional("timeout").field(Fields.TIMEOUT_LABEL, "", Fields.TIMEOUT_DESCRIPTION, Fields.DURATION)
      .build();

  static final String RECEIVE_SCRIPT = "set -e; d=$1; rm -rf \"$d.drover-new\"; mkdir -p \"$d.drover-new\";"
      + " tar -C \"$d.drover-new\" -xf -";
  static final String COMMIT_SCRIPT = "set -e; d=$1; rm -rf \"$d.drover-old\"; if [ -e \"$d\" ]; then mv \"$d\""
      + " \"$d.drover-old\"; fi; mv \"$d.drover-new\" \"$d\"; rm -rf \"$d.drover-old\"";
  static final String DISCARD_SCRIPT = "rm -rf \"$1.drover-new\"";

  private final HostResolver hosts;
  private final RunConnections connections;
  private final SshProperties ssh;

  public TransferStep(HostResolver hosts, RunConnections connections, SshProperties ssh) {
    this.hosts = hosts;
    this.connections = connections;
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
  public StepNeeds needs(StepRequest request) throws StepFailure {
    request.string("path");
    request.duration("timeout", ssh.commandTimeout());
    return StepNeeds.login(hosts.host(request.service(), request.string("from")))
        .and(StepNeeds.login(hosts.host(request.service(), request.string("to"))));
  }

  @Override
  public StepResult execute(StepRequest request, AttemptRecorder recorder) throws StepFailure {
    HostSpec from = hosts.host(request.service(), request.string("from"));
    HostSpec to = hosts.host(request.service(), request.string("to"));
    String path = request.string("path");
    String toPath = request.string("toPath", path);
    Duration timeout = request.duration("timeout", ssh.commandTimeout());
    RemoteCommand send = RemoteCommand.of("tar", "-C", path, "-cf", "-", ".");
    RemoteCommand receive = RemoteCommand.of("sh", "-c", RECEIVE_SCRIPT, "drover-transfer", toPath);
    recorder.started(from.name() + "->" + to.name(), send.display() + " | " + receive.display());
    String current = from.name();
    try {
      SshConnection source = connections.get(request.runId(), hosts.target(from, request.runId()));
      current = to.name();
      SshConnection target = connections.get(request.runId(), hosts.target(to, request.runId()));
      SshConnection.RunningCommand receiving = target.start(receive, null);
      current = from.name();
      ExecResult sent = source.start(send, receiving.stdin()).await(timeout);
      receiving.stdin().close();
      current = to.name();
      ExecResult received = receiving.await(timeout);
      if (!sent.succeeded()) {
        target.exec(RemoteCommand.of("sh", "-c", DISCARD_SCRIPT, "drover-transfer", toPath), timeout);
        throw new StepFailure(FailureReason.NON_ZERO_EXIT, "reading " + path + " on " + from.name() + " failed with exit"
            + " status " + sent.exitStatus() + "; the destination was left unchanged", sent.exitStatus(), sent.stdout(),
            sent.stderr(), null);
      }
      if (received.succeeded()) {
        received = target.exec(RemoteCommand.of("sh", "-c", COMMIT_SCRIPT, "drover-transfer", toPath), timeout);
      }
      if (!received.succeeded()) {
        throw new StepFailure(FailureReason.NON_ZERO_EXIT, "writing " + toPath + " on " + to.name() + " failed with"
            + " exit status " + received.exitStatus(), received.exitStatus(), received.stdout(), received.stderr(), null);
      }
      return new StepResult(0, received.stdout(), sent.stderr() + received.stderr());
    } catch (RemoteException e) {
      connections.discard(request.runId(), current);
      throw new StepFailure(FailureReason.of(e.reason()), e.getMessage(), null, null, null, e);
    } catch (IOException e) {
      connections.discard(request.runId(), current);
      throw new StepFailure(FailureReason.CONNECTION_LOST, "the copy stream to " + to.name() + " broke: "
          + e.getMessage(), null, null, null, e);
    }
  }
}
