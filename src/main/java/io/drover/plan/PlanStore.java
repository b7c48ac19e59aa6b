package io.drover.plan;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Plan runs and their services in {@code drover_plan_run} and {@code drover_plan_service}; joins the caller's transaction. */
@Repository
public class PlanStore {

  private final JdbcTemplate jdbc;

  public PlanStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(String id, PlanSpec plan, String action, String status, String requestedBy, String origin,
      String reason, PlanGraph graph) {
    jdbc.update("insert into drover_plan_run (id, plan, action, status, requested_by, origin, reason, started_at)"
        + " values (?,?,?,?,?,?,?,?)", id, plan.name(), action, status, requestedBy, origin, reason, now());
    int position = 0;
    for (String service : graph.order()) {
      PlanSpec.Member m = plan.member(service);
      jdbc.update("insert into drover_plan_service (plan_run_id, service, position, depends_on, uses, critical, state,"
          + " waiting_on) values (?,?,?,?,?,?,?,?)", id, service, position++, String.join(",", graph.before(service)),
          String.join(",", m.uses()), m.critical(), "PENDING", graph.before(service).isEmpty() ? null
              : String.join(", ", graph.before(service)));
    }
  }

  public void attachProcess(String id, String instance) {
    jdbc.update("update drover_plan_run set process_instance_id=? where id=?", instance, id);
  }

  /** Takes the run's row lock for the rest of the transaction: one admission decision at a time per plan run. */
  public void lock(String id) {
    jdbc.query("select id from drover_plan_run where id=? for update", rs -> null, id);
  }

  public Optional<PlanRun> find(String id) {
    List<PlanRun.Entry> services = jdbc.query("select * from drover_plan_service where plan_run_id=? order by position",
        (rs, n) -> entry(rs), id);
    return jdbc.query("select * from drover_plan_run where id=?", (rs, n) -> run(rs, services), id).stream().findFirst();
  }

  public List<PlanRun> latest(int limit) {
    return jdbc.query("select id from drover_plan_run order by started_at desc fetch first " + limit + " rows only",
        (rs, n) -> rs.getString(1)).stream().map(id -> find(id).orElseThrow()).toList();
  }

  /** The services of plan runs not ended yet, with their run ids: {@code service -> plan run}. */
  public List<String[]> servicesInOpenRuns() {
    return jdbc.query("select s.service, r.id, r.plan from drover_plan_service s join drover_plan_run r"
        + " on r.id = s.plan_run_id where r.status <> 'ENDED'", (rs, n) -> new String[] {rs.getString(1),
        rs.getString(2), rs.getString(3)});
  }

  public void state(String id, String service, String state, String waitingOn) {
    jdbc.update("update drover_plan_service set state=?, waiting_on=? where plan_run_id=? and service=?", state,
        waitingOn, id, service);
  }

  public void started(String id, String service, String runId) {
    jdbc.update("update drover_plan_service set state='RUNNING', waiting_on=null, run_id=?, started_at=? where"
        + " plan_run_id=? and service=?", runId, now(), id, service);
  }

  public void ended(String id, String service, String state, String note) {
    jdbc.update("update drover_plan_service set state=?, waiting_on=null, note=?, ended_at=? where plan_run_id=? and"
        + " service=?", state, note, now(), id, service);
  }

  public boolean approved(String id, String approver) {
    return jdbc.update("update drover_plan_run set status='RUNNING', approved_by=?, approved_at=? where id=? and status=?",
        approver, now(), id, PlanRun.AWAITING_APPROVAL) == 1;
  }

  /** Marks a run cancelling; false when it had ended or was cancelled already. */
  public boolean cancel(String id, String actor) {
    return jdbc.update("update drover_plan_run set status='CANCELLING', cancelled_by=? where id=? and status in (?,?)",
        actor, id, PlanRun.RUNNING, PlanRun.AWAITING_APPROVAL) == 1;
  }

  public boolean end(String id, String outcome) {
    return jdbc.update("update drover_plan_run set status='ENDED', outcome=?, ended_at=? where id=? and status<>'ENDED'",
        outcome, now(), id) == 1;
  }

  private static PlanRun run(ResultSet rs, List<PlanRun.Entry> services) throws SQLException {
    return new PlanRun(rs.getString("id"), rs.getString("plan"), rs.getString("action"), rs.getString("status"),
        rs.getString("outcome"), rs.getString("requested_by"), rs.getString("origin"), rs.getString("reason"),
        rs.getString("approved_by"), rs.getString("cancelled_by"), rs.getString("process_instance_id"),
        instant(rs, "started_at"), instant(rs, "ended_at"), services);
  }

  private static PlanRun.Entry entry(ResultSet rs) throws SQLException {
    return new PlanRun.Entry(rs.getString("service"), rs.getInt("position"), list(rs.getString("depends_on")),
        list(rs.getString("uses")), rs.getBoolean("critical"), rs.getString("state"), rs.getString("waiting_on"),
        rs.getString("run_id"), rs.getString("note"), instant(rs, "started_at"), instant(rs, "ended_at"));
  }

  private static List<String> list(String text) {
    return text == null || text.isBlank() ? List.of() : Arrays.asList(text.split(","));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static Timestamp now() {
    return Timestamp.from(Instant.now());
  }
}
