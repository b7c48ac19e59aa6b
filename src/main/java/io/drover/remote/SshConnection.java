package io.drover.remote;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

/** One authenticated SSH session; runs commands one after the other. */
public class SshConnection implements AutoCloseable {

  private final SshTarget target;
  private final Session session;
  private final int outputLimit;

  SshConnection(SshTarget target, Session session, int outputLimit) {
    this.target = target;
    this.session = session;
    this.outputLimit = outputLimit;
  }

  public SshTarget target() {
    return target;
  }

  public boolean isOpen() {
    return session.isConnected();
  }

  /** Runs a command and waits for its exit status, at most {@code timeout}. */
  public ExecResult exec(RemoteCommand command, Duration timeout) throws RemoteException {
    RunningCommand running = start(command, null);
    return running.await(timeout);
  }

  /**
   * Starts a command. Its standard output goes to {@code stdoutSink} when given (for streaming
   * to another host), otherwise to the bounded tail returned by {@link RunningCommand#await}.
   */
  public RunningCommand start(RemoteCommand command, OutputStream stdoutSink) throws RemoteException {
    try {
      ChannelExec channel = (ChannelExec) session.openChannel("exec");
      channel.setCommand(command.line());
      InputStream stdout = channel.getInputStream();
      InputStream stderr = channel.getErrStream();
      OutputStream stdin = channel.getOutputStream();
      // no timeout here on purpose: with one, JSch asks the host to confirm the exec request and polls
      // for that confirmation in 10 ms sleeps, ~10 ms on every command. Without, the channel's opening
      // is still bounded (JSch waits for it at most 2,000 x 10 ms, woken as soon as it opens); a host
      // that accepts the request but never starts the command is caught by the fence (see
      // FencedAttempts#claim) or by the command's timeout.
      channel.connect();
      return new RunningCommand(channel, stdin, stdout, stderr, stdoutSink);
    } catch (JSchException | IOException e) {
      throw new RemoteException(RemoteFailure.CONNECTION_LOST, target.name(),
          RemoteLogger.LOG.cannotOpenChannel(target, e.getMessage()), e);
    }
  }

  /** What became of a fenced attempt on this host (see {@link Fence}). */
  public record AttemptState(Kind kind, Integer exitStatus) {

    /** ENDED with an exit status; RUNNING; VANISHED (started, gone without one); ABSENT (never started here). */
    public enum Kind { ENDED, RUNNING, VANISHED, ABSENT }

    static AttemptState parse(String line) {
      String[] words = line.strip().split("\\s+");
      Kind kind = Kind.valueOf(words[0]);
      return new AttemptState(kind, kind == Kind.ENDED ? Integer.valueOf(words[1]) : null);
    }
  }

  /**
   * Starts a command fenced under {@code dir} (see {@link Fence}) and waits for it at most
   * {@code hold}: its result when it ended by then, empty when it still runs (it goes on, detached
   * from this session; {@link #attemptState} tells later what became of it). When {@code timeout}
   * is not longer than {@code hold} and passes, its whole process group is killed (TERM, then KILL
   * after {@code grace}) before {@link RemoteFailure#TIMEOUT} is thrown. A lost session leaves the
   * command running, to be found again with {@link #attemptState}.
   */
  public Optional<ExecResult> execFenced(RemoteCommand command, String dir, Duration timeout, Duration hold,
      Duration grace) throws RemoteException {
    boolean bounded = timeout.compareTo(hold) <= 0;
    RunningCommand running = start(Fence.wrap(command, dir), null);
    try {
      ExecResult result = running.await(bounded ? timeout : hold);
      if (result.exitStatus() == -1) {
        // the fence's shell always exits with a status: none means the channel was cut under it
        throw new RemoteException(RemoteFailure.CONNECTION_LOST, target.name(), RemoteLogger.LOG
            .connectionBroke(target, "closed without an exit status"));
      }
      return Optional.of(result);
    } catch (RemoteException e) {
      if (e.reason() != RemoteFailure.TIMEOUT || !session.isConnected()) {
        throw e;
      }
      if (!bounded) {
        return Optional.empty();
      }
      throw killed(dir, timeout, grace);
    }
  }

  /**
   * Kills the process group of the attempt fenced under {@code dir} (TERM, then KILL after
   * {@code grace}) and returns, once it is gone, the {@link RemoteFailure#TIMEOUT} to throw.
   */
  public RemoteException killed(String dir, Duration timeout, Duration grace) throws RemoteException {
    exec(Fence.script(Fence.KILL, "drover-kill", dir, Long.toString(Math.max(1, grace.toSeconds()))),
        grace.plusSeconds(30));
    return new RemoteException(RemoteFailure.TIMEOUT, target.name(), RemoteLogger.LOG.commandTimedOut(target.name(),
        timeout, "; its process group was killed (TERM, then KILL after " + grace + ")"));
  }

  /** What became of the attempt fenced under {@code dir}, now. */
  public AttemptState attemptState(String dir) throws RemoteException {
    return AttemptState.parse(exec(Fence.script(Fence.STATUS, "drover-status", dir), Duration.ofSeconds(30)).stdout());
  }

  /**
   * Makes sure the attempt fenced under {@code dir}, found absent, never starts: true when Drover
   * claimed its directory first, false when the attempt had started after all.
   */
  public boolean claimAbsent(String dir) throws RemoteException {
    String answer = exec(Fence.script(Fence.CLAIM, "drover-claim", dir), Duration.ofSeconds(30)).stdout().strip();
    return "CLAIMED".equals(answer);
  }

  /** The output tails of an ended fenced attempt, with its exit status. */
  public ExecResult attemptResult(String dir, int exitStatus) throws RemoteException {
    String limit = Integer.toString(outputLimit);
    ExecResult out = exec(RemoteCommand.of("tail", "-c", limit, dir + ".out"), Duration.ofSeconds(30));
    ExecResult err = exec(RemoteCommand.of("tail", "-c", limit, dir + ".err"), Duration.ofSeconds(30));
    return new ExecResult(exitStatus, out.stdout(), err.stdout(), Duration.ZERO);
  }

  /** Removes a directory of fenced attempts (a run's, once it has ended). */
  public void removeAttempts(String dir) throws RemoteException {
    exec(RemoteCommand.of("rm", "-rf", "--", dir), Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    session.disconnect();
  }

  /** A command in progress on the host. */
  public final class RunningCommand {

    private final ChannelExec channel;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final OutputStream stdoutSink;
    private final BoundedOutput outTail = new BoundedOutput(outputLimit);
    private final BoundedOutput errTail = new BoundedOutput(outputLimit);
    private final long started = System.nanoTime();

    private RunningCommand(ChannelExec channel, OutputStream stdin, InputStream stdout, InputStream stderr,
        OutputStream stdoutSink) {
      this.channel = channel;
      this.stdin = stdin;
      this.stdout = stdout;
      this.stderr = stderr;
      this.stdoutSink = stdoutSink;
    }

    /** The command's standard input; close it to send end-of-file. */
    public OutputStream stdin() {
      return stdin;
    }

    /** Pumps output until the command exits or the timeout passes; closes the channel. */
    public ExecResult await(Duration timeout) throws RemoteException {
      long deadline = started + timeout.toNanos();
      byte[] buffer = new byte[32 * 1024];
      try {
        while (true) {
          boolean moved = pump(stdout, buffer, true) | pump(stderr, buffer, false);
          if (channel.isClosed() && stdout.available() == 0 && stderr.available() == 0) {
            break;
          }
          if (!session.isConnected()) {
            throw new RemoteException(RemoteFailure.CONNECTION_LOST, target.name(),
                RemoteLogger.LOG.connectionBroke(target, "broke"));
          }
          if (System.nanoTime() > deadline) {
            throw new RemoteException(RemoteFailure.TIMEOUT, target.name(),
                RemoteLogger.LOG.commandTimedOut(target.name(), timeout, ""));
          }
          if (!moved) {
            Thread.sleep(1);
          }
        }
        if (channel.getExitStatus() == -1 && sessionEnds()) {
          // the channel closed because the session did, not because the command ended
          throw new RemoteException(RemoteFailure.CONNECTION_LOST, target.name(),
              RemoteLogger.LOG.connectionBroke(target, "broke"));
        }
        return new ExecResult(channel.getExitStatus(), outTail.text(), errTail.text(),
            Duration.ofNanos(System.nanoTime() - started));
      } catch (IOException e) {
        throw new RemoteException(RemoteFailure.CONNECTION_LOST, target.name(),
            RemoteLogger.LOG.connectionBroke(target, "broke") + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        // the node is stopping: leave the fenced command to be re-attached, record nothing
        NodeStopping.parkIfStopping();
        Thread.currentThread().interrupt();
        throw new RemoteException(RemoteFailure.TIMEOUT, target.name(), RemoteLogger.LOG.interrupted(), e);
      } finally {
        channel.disconnect();
      }
    }

    /**
     * Whether the session is ending: JSch closes a session's channels before it marks the session
     * disconnected, so a channel closed without an exit status waits a moment for the session's state.
     */
    private boolean sessionEnds() throws InterruptedException {
      for (int i = 0; i < 20 && session.isConnected(); i++) {
        Thread.sleep(100);
      }
      return !session.isConnected();
    }

    private boolean pump(InputStream in, byte[] buffer, boolean isStdout) throws IOException {
      boolean moved = false;
      while (in.available() > 0) {
        int n = in.read(buffer, 0, Math.min(buffer.length, in.available()));
        if (n <= 0) {
          break;
        }
        moved = true;
        if (isStdout && stdoutSink != null) {
          stdoutSink.write(buffer, 0, n);
        } else {
          (isStdout ? outTail : errTail).write(buffer, n);
        }
      }
      return moved;
    }
  }
}
