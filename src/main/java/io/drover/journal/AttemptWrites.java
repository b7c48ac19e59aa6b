package io.drover.journal;

import java.sql.Timestamp;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An attempt's start or end written with its run log line, together and outside the engine's
 * transaction (a step whose transaction rolls back keeps its record). On PostgreSQL both rows go in
 * one statement, atomic by itself, in one round trip: this is on every step's path (decision 13).
 * Elsewhere (H2, the demo) they go in a transaction of their own.
 */
final class AttemptWrites {

  private static final String START = "insert into drover_step_attempt (run_id, step_id, step_name, job_id, attempt,"
      + " host, command, credential, status, started_at) values (?,?,?,?,?,?,?,?,'RUNNING',?)";
  private static final String END = "update drover_step_attempt set status=?, exit_code=?, reason=?, message=?,"
      + " stdout_tail=?, stderr_tail=?, ended_at=?, verdict=? where id=?";
  private static final String LINE = "insert into drover_run_log (run_id, line) values (?,?)";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate ownTransaction;
  private final TransactionTemplate noTransaction;
  private volatile Boolean postgres;

  AttemptWrites(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.ownTransaction = new TransactionTemplate(transactions);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.noTransaction = new TransactionTemplate(transactions);
    this.noTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
  }

  /** Inserts a running attempt and its log line; returns the attempt's id. */
  long started(String runId, String stepId, String stepName, String jobId, int attempt, String host, String command,
      String credential, Timestamp at, String line) {
    Object[] row = {runId, stepId, stepName, jobId, attempt, host, command, credential, at};
    if (postgres()) {
      Long id = noTransaction.execute(status -> jdbc.queryForObject("with a as (" + START + " returning id), l as ("
          + LINE + ") select id from a", Long.class, concat(row, runId, line)));
      return id;
    }
    Long id = ownTransaction.execute(status -> {
      GeneratedKeyHolder keys = new GeneratedKeyHolder();
      jdbc.update(con -> {
        var ps = con.prepareStatement(START, new String[] {"id"});
        for (int i = 0; i < row.length; i++) {
          ps.setObject(i + 1, row[i]);
        }
        return ps;
      }, keys);
      jdbc.update(LINE, runId, line);
      return keys.getKey().longValue();
    });
    return id;
  }

  /** Records how an attempt ended, with its log line. */
  void ended(long attemptId, String status, Integer exitCode, String reason, String message, String stdout,
      String stderr, Timestamp at, String verdict, String runId, String line) {
    Object[] row = {status, exitCode, reason, message, stdout, stderr, at, verdict, attemptId};
    if (postgres()) {
      noTransaction.executeWithoutResult(tx -> jdbc.update("with a as (" + END + ") " + LINE,
          concat(row, runId, line)));
      return;
    }
    ownTransaction.executeWithoutResult(tx -> {
      jdbc.update(END, row);
      jdbc.update(LINE, runId, line);
    });
  }

  private boolean postgres() {
    Boolean known = postgres;
    if (known == null) {
      known = "PostgreSQL".equals(jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData()
          .getDatabaseProductName()));
      postgres = known;
    }
    return known;
  }

  private static Object[] concat(Object[] row, Object... more) {
    Object[] all = new Object[row.length + more.length];
    System.arraycopy(row, 0, all, 0, row.length);
    System.arraycopy(more, 0, all, row.length, more.length);
    return all;
  }
}
