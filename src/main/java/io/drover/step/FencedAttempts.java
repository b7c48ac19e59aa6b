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

  /** It still runs on the host. */
  public record Running() implements Resolution {
  }

  /** It never reached the host, and now never will (Drover marked it started itself): a new attempt may run. */
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

  /** Where an attempt's files are on its host: the path they share, before their suffixes (see {@code Fence}). */
  public String dir(String runId, long attemptId) {
    return ssh.attemptDir() + "/" + runId + "/" + attemptId;
  }

  /**
   * What became of {@code attempt} of run {@code runId}, now. Attempts of step types that run no
   * fenced command (no host command recorded) never reached a host as far as Drover can tell, so
   * they count as never started.
   */
  public Resolution resolve(String runId, StepAttempt attempt) {
    if (attempt.host() == null || "-".equals(attempt.host()) || attempt.host().contains("->")) {
      return new NeverStarted();
    }
    String dir = dir(runId, attempt.id());
    try {
      SshConnection connection = connection(runId, attempt);
      AttemptState state = connection.attemptState(dir);
      if (state.kind() == AttemptState.Kind.ABSENT && !connection.claimAbsent(dir)) {
        // it started between the two looks: ask again what it is now
        state = connection.attemptState(dir);
      }
      return switch (state.kind()) {
        case ENDED -> new Ended(connection.attemptResult(dir, state.exitStatus()));
        case RUNNING -> new Running();
        case ABSENT -> new NeverStarted();
        case VANISHED -> new InDoubt("attempt " + attempt.attempt() + " of " + attempt.stepId() + " on "
            + attempt.host() + " was started and is gone without an exit status (" + dir + ".*)");
      };
    } catch (RemoteException | StepFailure e) {
      connections.discard(runId, attempt.host());
      return new InDoubt("cannot ask " + attempt.host() + " what became of attempt " + attempt.attempt() + " of "
          + attempt.stepId() + ": " + e.getMessage());
    }
  }

  /**
   * Kills a running attempt that outlived its {@code timeout} (its whole process group, TERM then
   * KILL) and returns the {@link FailureReason#TIMEOUT} failure to apply; an
   * attempt that cannot be killed because its host does not answer is in doubt.
   */
  public StepFailure timedOut(String runId, StepAttempt attempt, Duration timeout) {
    try {
      RemoteException killed = connection(runId, attempt).killed(dir(runId, attempt.id()), timeout, ssh.killGrace());
      return new StepFailure(FailureReason.of(killed.reason()), killed.getMessage(), null, null, null, killed);
    } catch (RemoteException | StepFailure e) {
      connections.discard(runId, attempt.host());
      return new StepFailure(FailureReason.IN_DOUBT_ATTEMPT, "attempt " + attempt.attempt() + " of "
          + attempt.stepId() + " outlived its timeout " + timeout + " and cannot be killed on " + attempt.host() + ": "
          + e.getMessage(), null, null, null, e);
    }
  }

  private SshConnection connection(String runId, StepAttempt attempt) throws StepFailure, RemoteException {
    HostSpec host = hosts.inventoryHost(attempt.host());
    return connections.get(runId, hosts.target(host, runId));
  }
}
