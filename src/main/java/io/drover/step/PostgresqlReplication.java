package io.drover.step;

import io.drover.remote.ExecResult;
import java.time.Duration;

/**
 * The {@code postgresql} storage driver: a streaming-replication pair, handled over SSH with the
 * cluster's own tools run as the {@code postgres} user. {@code fence} stops a cluster, {@code promote}
 * checks the standby has replayed all it received and promotes it ({@code pg_promote()}), {@code rebuild}
 * turns the old primary into a standby of the new one ({@code pg_rewind -R}, then start and wait for streaming).
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
    ExecResult result = shell.as("postgres", "/usr/bin/psql", "-h", address, "-p", port, "-U", "postgres", "-d",
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
