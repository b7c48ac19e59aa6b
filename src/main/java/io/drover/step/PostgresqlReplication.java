package io.drover.step;

import io.drover.remote.ExecResult;
import java.time.Duration;

/**
 * The {@code postgresql} storage driver: a streaming-replication pair, handled over SSH with the
 * cluster's own tools run as the {@code postgres} user. {@code fence} stops a cluster, {@code promote}
 * checks the standby has replayed all it received and promotes it ({@code pg_promote()}), {@code rebuild}
 * turns the old primary into a standby of the new one ({@code pg_rewind -R}, then start and wait for streaming).
 * For a rehearsal, {@code clone} copies the streaming standby ({@code pg_basebackup} from it, so the
 * primary is not touched and the standby keeps streaming) into a rehearsal directory, starts the copy
 * on its own port and promotes it; {@code unclone} stops the copy and removes its directory.
 */
final class PostgresqlReplication {

  private final HostShell shell;
  private final String pgbin;
  private final String datadir;
  private final String address;
  private final String port;
  private final Duration timeout;

  PostgresqlReplication(HostShell shell, String pgbin, String datadir, String address, String port, Duration timeout) {
    this.shell = shell;
    this.pgbin = pgbin;
    this.datadir = datadir;
    this.address = address;
    this.port = port;
    this.timeout = timeout;
  }

  String display(String action, String source) {
    return switch (action) {
      case "fence" -> shell.display(pgbin + "/pg_ctl", "-D", datadir, "-m", "fast", "stop");
      case "promote" -> "psql -h " + address + " -c 'select pg_promote(true, 60)'";
      case "clone" -> pgbin + "/pg_basebackup -h " + address + " -p " + port + " -D " + source + " -R -X stream && "
          + pgbin + "/pg_ctl -D " + source + " start && pg_ctl promote";
      case "unclone" -> shell.display(pgbin + "/pg_ctl", "-D", source, "-m", "fast", "stop") + " && rm -rf " + source;
      default -> "psql -h " + source + " -c checkpoint && " + pgbin + "/pg_rewind -D " + datadir + " --source-server='host=" + source + " port=" + port
          + " user=postgres' -R && pg_ctl start";
    };
  }

  void fence() throws StepFailure {
    shell.requireAs("postgres", pgbin + "/pg_ctl");
    if (!running()) {
      shell.note("the cluster in " + datadir + " is already stopped: nothing to do");
      return;
    }
    check(shell.as("postgres", pgbin + "/pg_ctl", "-D", datadir, "-m", "fast", "-w", "stop"), "stopping the cluster");
    if (running()) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "the cluster on " + shell.host().name() + " still runs",
          null, shell.transcript(), null, null);
    }
    shell.note("cluster stopped");
  }

  void promote(long maxLagBytes) throws StepFailure {
    shell.requireAs("postgres", "/usr/bin/psql");
    if (sql("select pg_is_in_recovery()").equals("f")) {
      shell.note("the database on " + shell.host().name() + " is already a primary: nothing to do");
      return;
    }
    long lag = Long.parseLong(sql("select coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(),"
        + " pg_last_wal_replay_lsn()), 0)::bigint"));
    shell.note("replay lag: " + lag + " bytes");
    if (lag > maxLagBytes) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "the standby on " + shell.host().name() + " has " + lag
          + " bytes received but not replayed (allowed: " + maxLagBytes + ")", null, shell.transcript(), null, null);
    }
    if (!sql("select pg_promote(true, " + Math.max(1, timeout.toSeconds()) + ")").equals("t")) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "pg_promote() did not complete on " + shell.host().name(),
          null, shell.transcript(), null, null);
    }
    if (!sql("select pg_is_in_recovery()").equals("f")) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "the database on " + shell.host().name()
          + " is still in recovery after promotion", null, shell.transcript(), null, null);
    }
    shell.note("promoted: pg_is_in_recovery() = false");
  }

  void rebuild(String sourceAddress) throws StepFailure {
    shell.requireAs("postgres", pgbin + "/pg_rewind");
    if (running() && streamingFrom(sourceAddress)) {
      shell.note("already a standby streaming from " + sourceAddress + ": nothing to do");
      return;
    }
    if (running()) {
      check(shell.as("postgres", pgbin + "/pg_ctl", "-D", datadir, "-m", "fast", "-w", "stop"), "stopping the old primary");
    }
    // a just-promoted primary's control file still names its old timeline until its end-of-recovery
    // checkpoint ends: pg_rewind would then pick a common checkpoint too far back, and the rebuilt
    // standby fail to start ("requested timeline N does not contain minimum recovery point")
    check(shell.as("postgres", "/usr/bin/psql", "-h", sourceAddress, "-p", port, "-U", "postgres", "-d", "postgres",
        "-Atc", "checkpoint"), "checkpoint on the new primary " + sourceAddress);
    check(shell.as("postgres", pgbin + "/pg_rewind", "-D", datadir, "--source-server=host=" + sourceAddress + " port="
        + port + " user=postgres dbname=postgres", "-R"), "pg_rewind from " + sourceAddress);
    check(shell.as("postgres", pgbin + "/pg_ctl", "-D", datadir, "-w", "-l", datadir + "/drover-start.log", "start"),
        "starting the rebuilt standby");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!streamingFrom(sourceAddress)) {
      if (System.nanoTime() > deadline) {
        throw new StepFailure(FailureReason.TIMEOUT, "the rebuilt standby on " + shell.host().name() + " does not stream"
            + " from " + sourceAddress + " within " + timeout.toSeconds() + " s", null, shell.transcript(), null, null);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailure(FailureReason.TIMEOUT, "interrupted", null, null, null, e);
      }
    }
    shell.note("standby of " + sourceAddress + ", streaming");
  }

  /**
   * A copy of this cluster (a streaming standby) for a rehearsal: base backup from it into
   * {@code cloneDir}, started on {@code clonePort} as a standby of it, promoted once consistent. The
   * copy's recovery point (replayed WAL position and last transaction) is printed as a
   * {@code recovery-point:} line.
   */
  void clone(String cloneDir, String clonePort) throws StepFailure {
    rehearsalDirectory(cloneDir, clonePort);
    shell.requireAs("postgres", pgbin + "/pg_basebackup");
    ExecResult status = shell.as("postgres", pgbin + "/pg_ctl", "-D", cloneDir, "status");
    if (status.exitStatus() != 4) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "a rehearsal clone is left in " + cloneDir + " on "
          + shell.host().name() + " (pg_ctl status exit " + status.exitStatus() + "): clean it up first (pg unclone)",
          null, shell.transcript(), "leftover: PostgreSQL clone in " + cloneDir, null);
    }
    check(shell.as("postgres", pgbin + "/pg_basebackup", "-h", address, "-p", port, "-U", "postgres", "-D", cloneDir,
        "-R", "-X", "stream", "-c", "fast"), "pg_basebackup of the standby on " + shell.host().name());
    check(shell.as("postgres", pgbin + "/pg_ctl", "-D", cloneDir, "-w", "-t", String.valueOf(Math.max(10,
        timeout.toSeconds())), "-l", cloneDir + "/drover-start.log", "-o", "-p " + clonePort + " -c archive_mode=off -c primary_slot_name=",
        "start"),
        "starting the clone on port " + clonePort);
    String point = sql(clonePort, "select pg_last_wal_replay_lsn() || ' ' || coalesce(pg_last_xact_replay_timestamp()"
        + "::text, 'no transaction replayed')");
    check(shell.as("postgres", pgbin + "/pg_ctl", "-D", cloneDir, "-w", "promote"), "promoting the clone");
    if (!sql(clonePort, "select pg_is_in_recovery()").equals("f")) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "the clone on port " + clonePort + " is still in recovery"
          + " after promotion", null, shell.transcript(), "leftover: PostgreSQL clone in " + cloneDir + " on port "
          + clonePort, null);
    }
    shell.note("clone of the standby in " + cloneDir + " answers on port " + clonePort + " as a primary; the standby"
        + " keeps streaming");
    String[] lsnAndTime = point.split(" ", 2);
    shell.note(RehearsalSteps.RECOVERY_POINT + " replica position " + lsnAndTime[0] + ", last transaction replayed "
        + lsnAndTime[1]);
  }

  /** Stops the rehearsal clone in {@code cloneDir} and removes it; leftovers are named on failure. */
  void unclone(String cloneDir, String clonePort) throws StepFailure {
    rehearsalDirectory(cloneDir, clonePort);
    ExecResult status = shell.as("postgres", pgbin + "/pg_ctl", "-D", cloneDir, "status");
    if (status.exitStatus() == 4) {
      shell.note("no clone in " + cloneDir + ": nothing to do");
      return;
    }
    if (status.exitStatus() == 0 && !shell.as("postgres", pgbin + "/pg_ctl", "-D", cloneDir, "-m", "fast", "-w",
        "stop").succeeded()) {
      // its directory stays: without it nobody could stop the clone with pg_ctl any more
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "the clone in " + cloneDir + " on " + shell.host().name()
          + " did not stop", null, shell.transcript(), "leftover: PostgreSQL clone running on port " + clonePort
          + "\nleftover: directory " + cloneDir, null);
    }
    shell.as("postgres", "/usr/bin/rm", "-rf", cloneDir);
    ExecResult after = shell.as("postgres", pgbin + "/pg_ctl", "-D", cloneDir, "status");
    boolean answers = shell.as("postgres", "/usr/bin/psql", "-h", address, "-p", clonePort, "-U", "postgres", "-d",
        "postgres", "-Atc", "select 1").succeeded();
    if (after.exitStatus() != 4 || answers) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "the clone in " + cloneDir + " on " + shell.host().name()
          + " is not removed", null, shell.transcript(), (answers ? "leftover: PostgreSQL clone running on port "
          + clonePort + "\n" : "") + (after.exitStatus() != 4 ? "leftover: directory " + cloneDir : ""), null);
    }
    shell.note("clone stopped and " + cloneDir + " removed");
  }

  /** A rehearsal directory is not the cluster's own and says it is a rehearsal's; its port is not the cluster's. */
  private void rehearsalDirectory(String cloneDir, String clonePort) throws StepFailure {
    String name = cloneDir.replaceAll("/+$", "");
    if (name.equals(datadir.replaceAll("/+$", "")) || datadir.startsWith(name + "/")
        || !name.substring(name.lastIndexOf('/') + 1).contains("rehearsal")) {
      throw new StepFailure(FailureReason.CONFIGURATION, "cloneDir " + cloneDir + " must be a directory of its own"
          + " whose name says 'rehearsal' (e.g. " + datadir.replaceAll("/+$", "") + "-rehearsal), never the cluster's"
          + " data directory", null, null, null, null);
    }
    if (clonePort.equals(port)) {
      throw new StepFailure(FailureReason.CONFIGURATION, "clonePort " + clonePort + " is the cluster's own port:"
          + " give the clone another one", null, null, null, null);
    }
  }

  /**
   * What stands in the way of {@code action}, read-only (the preflight's probe): no cluster in the
   * data directory; for a promotion of a running standby, no streaming from its primary (while the
   * primary should be alive) or, once the primary is gone ({@code primaryGone}), more
   * received-but-not-replayed WAL than allowed.
   */
  java.util.List<String> problems(String action, long maxLagBytes, boolean primaryGone) throws StepFailure {
    ExecResult status = shell.as("postgres", pgbin + "/pg_ctl", "-D", datadir, "status");
    // 0: running, 3: not running; anything else: no cluster there
    if (status.exitStatus() != 0 && status.exitStatus() != 3) {
      return java.util.List.of("no PostgreSQL cluster in " + datadir + " on " + shell.host().name()
          + " (pg_ctl status exit " + status.exitStatus() + ")");
    }
    if (!action.equals("promote") || status.exitStatus() != 0 || !sql("select pg_is_in_recovery()").equals("t")) {
      return java.util.List.of();
    }
    java.util.List<String> problems = new java.util.ArrayList<>();
    long lag = Long.parseLong(sql("select coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(),"
        + " pg_last_wal_replay_lsn()), 0)::bigint"));
    // with the primary alive the lag moves until the procedure stops it; with it gone, it is final
    if (primaryGone && lag > maxLagBytes) {
      problems.add("the standby on " + shell.host().name() + " has " + lag + " bytes received but not replayed"
          + " (allowed: " + maxLagBytes + ")");
    }
    if (!primaryGone && !sql("select count(*) from pg_stat_wal_receiver where status = 'streaming'").equals("1")) {
      problems.add("the standby on " + shell.host().name() + " is not streaming from its primary");
    }
    return problems;
  }

  private boolean running() throws StepFailure {
    return shell.as("postgres", pgbin + "/pg_ctl", "-D", datadir, "status").succeeded();
  }

  private boolean streamingFrom(String source) throws StepFailure {
    ExecResult result = shell.as("postgres", "/usr/bin/psql", "-h", address, "-p", port, "-U", "postgres", "-d", "postgres",
        "-Atc", "select status || ' ' || coalesce(sender_host, '') from pg_stat_wal_receiver");
    return result.succeeded() && result.stdout().strip().equals("streaming " + source);
  }

  private String sql(String query) throws StepFailure {
    return sql(port, query);
  }

  private String sql(String onPort, String query) throws StepFailure {
    ExecResult result = shell.as("postgres", "/usr/bin/psql", "-h", address, "-p", onPort, "-U", "postgres", "-d",
        "postgres", "-Atc", query);
    check(result, "psql on " + shell.host().name());
    return result.stdout().strip();
  }

  private void check(ExecResult result, String what) throws StepFailure {
    if (!result.succeeded()) {
      throw new StepFailure(FailureReason.NON_ZERO_EXIT, what + " failed (exit status " + result.exitStatus() + ")",
          result.exitStatus(), shell.transcript(), result.stderr(), null);
    }
  }
}
