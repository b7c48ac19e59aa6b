package io.drover.operation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Runs in {@code drover_run}; updates join the caller's (engine's) transaction. */
@Repository
public class RunStore {

  /**
   * A run's row with its last good step: the name of the step whose attempt succeeded last, as the
   * journal has it (no write on every step for it); the column is what runs recorded before.
   */
  private static final String SELECT = "select r.*, (select coalesce(a.step_name, a.step_id) from drover_step_attempt a"
      + " where a.run_id = r.id and a.status = 'SUCCEEDED' order by a.id desc fetch first 1 rows only) as good_step"
      + " from drover_run r";

  private final JdbcTemplate jdbc;

  public RunStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** @param status {@link Run#RUNNING}, or {@link Run#AWAITING_APPROVAL} when a second person must approve first */
  public void insert(String id, String service, Action action, String status, String requestedBy, String origin,
      String reason) {
    jdbc.update("insert into drover_run (id, service, action, status, requested_by, origin, reason, warnings,"
            + " started_at) values (?,?,?,?,?,?,?,0,?)", id, service, action.name(), status, requestedBy, origin,
        reason, Timestamp.from(Instant.now()));
  }

  /** Records what the run's procedures and inventory were at admission ({@link ProcedureFingerprint}). */
  public void fingerprint(String id, String fingerprint) {
    jdbc.update("update drover_run set fingerprint=? where id=?", fingerprint, id);
  }

  /** Marks a run as the cleanup of rehearsal {@code of}. */
  public void cleanupOf(String id, String of) {
    jdbc.update("update drover_run set cleanup_of=? where id=?", of, id);
  }

  /** Records what a rehearsal's cleanup left behind (null: nothing). */
  public void leftovers(String id, String leftovers) {
    jdbc.update("update drover_run set leftovers=? where id=?", leftovers, id);
  }

  /** Records the approval; the run is running from now on. False unless it was awaiting approval. */
  public boolean approved(String id, String approvedBy) {
    return jdbc.update("update drover_run set status='RUNNING', approved_by=?, approved_at=? where id=? and status=?",
        approvedBy, Timestamp.from(Instant.now()), id, Run.AWAITING_APPROVAL) == 1;
  }

  public void attachProcess(String id, String processInstanceId) {
    jdbc.update("update drover_run set process_instance_id=? where id=?", processInstanceId, id);
  }

  /**
   * The run a process instance belongs to, by the instance's business key (which only Drover sets):
   * service, action, requester and approval come from the run's row, never from process variables,
   * which people with access to a task could write.
   */
  public Run ofProcess(String businessKey) {
    if (!Run.isId(businessKey)) {
      throw new IllegalStateException(RunLogger.LOG.notARunBusinessKey(businessKey));
    }
    return find(businessKey).orElseThrow(() -> new IllegalStateException(RunLogger.LOG.unknownRun(businessKey)));
  }

  public Optional<Run> find(String id) {
    return jdbc.query(SELECT + " where r.id=?", RUN, id).stream().findFirst();
  }

  /** The {@code limit} runs started last, newest first. */
  public java.util.List<Run> latest(int limit) {
    return jdbc.query(SELECT + " order by r.started_at desc fetch first " + limit + " rows only", RUN);
  }

  public void warned(String id) {
    jdbc.update("update drover_run set warnings=warnings+1 where id=?", id);
  }

  public void died(String id, String step) {
    jdbc.update("update drover_run set failed_step=? where id=?", step, id);
  }

  /** Ends a run once; returns false when it had ended already. */
  public boolean end(String id, RunOutcome outcome) {
    return jdbc.update("update drover_run set status='ENDED', outcome=?, ended_at=? where id=? and status<>'ENDED'",
        outcome.name(), Timestamp.from(Instant.now()), id) == 1;
  }

  private static final RowMapper<Run> RUN = (rs, n) -> new Run(rs.getString("id"), rs.getString("service"),
      Action.valueOf(rs.getString("action")), rs.getString("status"),
      rs.getString("outcome") == null ? null : RunOutcome.valueOf(rs.getString("outcome")),
      rs.getString("requested_by"), rs.getString("origin"), rs.getString("reason"),
      rs.getString("process_instance_id"), rs.getString("failed_step"),
      rs.getString("good_step") != null ? rs.getString("good_step") : rs.getString("last_good_step"),
      rs.getInt("warnings"), rs.getTimestamp("started_at").toInstant(),
      rs.getTimestamp("ended_at") == null ? null : rs.getTimestamp("ended_at").toInstant(), rs.getString("approved_by"),
      rs.getTimestamp("approved_at") == null ? null : rs.getTimestamp("approved_at").toInstant(),
      rs.getString("cleanup_of"), rs.getString("leftovers"));
}
