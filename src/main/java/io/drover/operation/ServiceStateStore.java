package io.drover.operation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The active site, status and lock of each service, in {@code drover_service_state}. */
@Repository
public class ServiceStateStore {

  private final JdbcTemplate jdbc;

  public ServiceStateStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Creates the row of a service seen for the first time: active on its primary site. */
  public void ensure(String service) {
    if (find(service).isPresent()) {
      return;
    }
    try {
      jdbc.update("insert into drover_service_state (service, active_site, status, updated_at) values (?,?,?,?)",
          service, Site.PRIMARY.name(), ServiceStatus.READY.name(), now());
    } catch (DuplicateKeyException e) {
      // another node created it first
    }
  }

  public Optional<ServiceState> find(String service) {
    return jdbc.query("select * from drover_service_state where service=?", STATE, service).stream().findFirst();
  }

  public List<ServiceState> all() {
    return jdbc.query("select * from drover_service_state order by service", STATE);
  }

  /**
   * Takes the service for a run if it is ready, unlocked, active on {@code site} and not marked
   * PRIMARY_NOT_FENCED. One conditional update: the database arbitrates between concurrent requests
   * and server nodes.
   */
  public boolean lock(String service, Site site, String runId) {
    return lock(service, site, runId, false);
  }

  /**
   * As {@link #lock(String, Site, String)}; {@code forced}: also when the primary was not fenced or a
   * rehearsal's cleanup is incomplete.
   */
  public boolean lock(String service, Site site, String runId, boolean forced) {
    return jdbc.update("update drover_service_state set lock_run_id=?, last_run_id=?, status=?, updated_at=?"
            + " where service=? and lock_run_id is null and status=? and active_site=?"
            + (forced ? "" : " and unfenced_run_id is null and cleanup_run_id is null"),
        runId, runId, ServiceStatus.RUNNING.name(), now(), service, ServiceStatus.READY.name(), site.name()) == 1;
  }

  /** Marks the service PRIMARY_NOT_FENCED after takeover {@code runId}. */
  public void markUnfenced(String service, String runId) {
    jdbc.update("update drover_service_state set unfenced_run_id=?, updated_at=? where service=?", runId, now(),
        service);
  }

  /** Clears PRIMARY_NOT_FENCED; false when the service was not marked. */
  public boolean clearUnfenced(String service) {
    return jdbc.update("update drover_service_state set unfenced_run_id=null, updated_at=? where service=?"
        + " and unfenced_run_id is not null", now(), service) == 1;
  }

  /**
   * Takes the service for a cleanup run of {@code rehearsalRunId}: only while that run's cleanup is
   * the incomplete one and no other run holds the service.
   */
  public boolean lockForCleanup(String service, String rehearsalRunId, String runId) {
    return jdbc.update("update drover_service_state set lock_run_id=?, last_run_id=?, status=?, updated_at=?"
        + " where service=? and lock_run_id is null and status=? and cleanup_run_id=?", runId, runId,
        ServiceStatus.RUNNING.name(), now(), service, ServiceStatus.READY.name(), rehearsalRunId) == 1;
  }

  /** Marks the service CLEANUP_INCOMPLETE: {@code runId}'s leftovers remain. */
  public void markCleanupIncomplete(String service, String runId) {
    jdbc.update("update drover_service_state set cleanup_run_id=?, updated_at=? where service=?", runId, now(),
        service);
  }

  /** Clears CLEANUP_INCOMPLETE. */
  public void clearCleanup(String service) {
    jdbc.update("update drover_service_state set cleanup_run_id=null, updated_at=? where service=?", now(), service);
  }

  /** Releases the lock after a successful run, on its new active site. */
  public void release(String service, String runId, Site activeSite) {
    jdbc.update("update drover_service_state set lock_run_id=null, status=?, active_site=?, last_good_step=null,"
        + " updated_at=? where service=? and lock_run_id=?", ServiceStatus.READY.name(), activeSite.name(), now(),
        service, runId);
  }

  /** Releases the lock of a run that never touched a host (not approved): ready, on the same site. */
  public void releaseUnchanged(String service, String runId) {
    jdbc.update("update drover_service_state set lock_run_id=null, status=?, updated_at=? where service=?"
        + " and lock_run_id=?", ServiceStatus.READY.name(), now(), service, runId);
  }

  /** Releases the lock after a failed or aborted run; the service needs an acknowledgement. */
  public void releaseInDoubt(String service, String runId, String lastGoodStep) {
    jdbc.update("update drover_service_state set lock_run_id=null, status=?, last_good_step=?, updated_at=?"
        + " where service=? and lock_run_id=?", ServiceStatus.IN_DOUBT.name(), lastGoodStep, now(), service, runId);
  }

  /** Clears IN_DOUBT; the operator states which site is active now. */
  public boolean acknowledge(String service, Site activeSite) {
    return jdbc.update("update drover_service_state set status=?, active_site=?, last_good_step=null, updated_at=?"
            + " where service=? and status=? and lock_run_id is null", ServiceStatus.READY.name(), activeSite.name(),
        now(), service, ServiceStatus.IN_DOUBT.name()) == 1;
  }

  private static Timestamp now() {
    return Timestamp.from(Instant.now());
  }

  private static final RowMapper<ServiceState> STATE = (rs, n) -> new ServiceState(rs.getString("service"),
      Site.valueOf(rs.getString("active_site")), ServiceStatus.valueOf(rs.getString("status")),
      rs.getString("lock_run_id"), rs.getString("last_run_id"), rs.getString("last_good_step"),
      rs.getTimestamp("updated_at").toInstant(), rs.getString("unfenced_run_id"), rs.getString("cleanup_run_id"));
}
