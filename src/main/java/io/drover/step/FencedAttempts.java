package io.drover.step;

import io.drover.inventory.HostSpec;
import io.drover.journal.StepAttempt;
import io.drover.remote.ExecResult;
import io.drover.remote.RemoteException;
import io.drover.remote.RunConnections;
import io.drover.remote.SshConnection;
import io.drover.remote.SshConnection.AttemptState;
import io.drover.remote.SshProperties;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Finds out what became of an attempt that Drover did not see end (its node died, its session or
 * its database went away mid-step): asks the host it ran on, through the attempt's fence directory,
 * and waits for it if it still runs. Never runs the command.
 */
@Component
public class FencedAttempts {

  /** What became of an attempt. */
  public sealed interface Resolution {
  }

  /** It ended on the host with this result (output tails read back from the host). */
  public record Ended(ExecResult result) implements Resolution {
  }

  /** It never reached the host: a new attempt may run. */
  public record NeverStarted() implements Resolution {
  }

  /** Nobody can tell (host unreachable, or the command's group vanished without an exit status). */
  public record InDoubt(String why) implements Resolution {
  }

  private final HostResolver hosts;
  private final RunConnections connections;
  private final SshProperties ssh;

  public FencedAttempts(HostResolver hosts, RunConnections connections, SshProperties ssh) {
    this.hosts = hosts;
    this.connections = connections;
    this.ssh = ssh;
  }

  /** The directory of an attempt on its host. */
  public String dir(String runId, long attemptId) {
    return ssh.attemptDir() + "/" + runId + "/" + attemptId;
  }

  /**
   * What became of {@code attempt} of run {@code runId}; waits at most {@code wait} for one still
   * running. Attempts of step types that run no fenced command (no host command recorded) never
   * reached a host as far as Drover can tell, so they count as never started.
   */
  public Resolution resolve(String runId, StepAttempt attempt, Duration wait) {
    if (attempt.host() == null || "-".equals(attempt.host()) || attempt.host().contains("->")) {
      return new NeverStarted();
    }
    String dir = dir(runId, attempt.id());
    try {
      HostSpec host = hosts.inventoryHost(attempt.host());
      SshConnection connection = connections.get(runId, hosts.target(host));
      AttemptState state = connection.attemptState(dir);
      if (state.kind() == AttemptState.Kind.RUNNING) {
        state = connection.awaitAttempt(dir, wait);
      }
      return switch (state.kind()) {
        case ENDED -> new Ended(connection.attemptResult(dir, state.exitStatus()));
        case ABSENT -> new NeverStarted();
        case RUNNING, VANISHED -> new InDoubt("attempt " + attempt.attempt() + " of " + attempt.stepId() + " on "
            + attempt.host() + " was started and is gone without an exit status (" + dir + ")");
      };
    } catch (RemoteException e) {
      connections.discard(runId, attempt.host());
      return new InDoubt("cannot ask " + attempt.host() + " what became of attempt " + attempt.attempt() + " of "
          + attempt.stepId() + ": " + e.getMessage());
    } catch (StepFailure e) {
      return new InDoubt("cannot ask " + attempt.host() + " what became of attempt " + attempt.attempt() + " of "
          + attempt.stepId() + ": " + e.getMessage());
    }
  }
}
