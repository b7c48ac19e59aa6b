package io.drover.preflight;

import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import io.drover.journal.AuditTrail;
import io.drover.security.ApprovalRules;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.RepositoryService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Readiness checks: the preflight of every service and action with a deployed procedure, read-only,
 * on a schedule (each pair once per {@code drover.readiness.interval}, default 30 minutes, spread
 * over it: every tick checks the pair checked longest ago; {@code drover.readiness.services} limits
 * the schedule to some services) and on demand. Each pair is VERIFIED,
 * DRIFTED or UNVERIFIED; every change of state is an audit entry.
 */
@Service
public class ReadinessChecks {

  private static final List<String> ACTIONS = List.of("migrate", "takeover", "failback", "rehearse");
  private static final RowMapper<Readiness> ROW = (rs, n) -> new Readiness(rs.getString("service"),
      rs.getString("action"), rs.getString("state"), rs.getTimestamp("checked_at").toInstant(),
      rs.getTimestamp("verified_at") == null ? null : rs.getTimestamp("verified_at").toInstant(),
      rs.getString("problems") == null || rs.getString("problems").isEmpty() ? List.of()
          : Arrays.asList(rs.getString("problems").split("\n")), list(rs.getString("static_hosts")));

  private final Inventory inventory;
  private final Preflight preflight;
  private final RepositoryService repository;
  private final JdbcTemplate jdbc;
  private final AuditTrail audit;
  private final ApprovalRules approvals;
  private final ReadinessMetrics metrics;
  private final Duration interval;
  private final List<String> only;
  private volatile Instant nextTick = Instant.EPOCH;

  public ReadinessChecks(Inventory inventory, Preflight preflight, RepositoryService repository, JdbcTemplate jdbc,
      AuditTrail audit, ApprovalRules approvals, ReadinessMetrics metrics,
      @Value("${drover.readiness.interval:PT30M}") Duration interval,
      @Value("${drover.readiness.services:}") List<String> only) {
    this.only = only == null ? List.of() : only.stream().filter(s -> !s.isBlank()).toList();
    this.approvals = approvals;
    this.metrics = metrics;
    this.inventory = inventory;
    this.preflight = preflight;
    this.repository = repository;
    this.jdbc = jdbc;
    this.audit = audit;
    this.interval = interval;
  }

  /** The scheduler's beat: once due, checks the pair checked longest ago. A zero interval turns it off. */
  @Scheduled(fixedDelayString = "${drover.readiness.beat:PT5S}", initialDelayString = "${drover.readiness.initial-delay:PT1M}")
  void beat() {
    if (interval.isZero() || Instant.now().isBefore(nextTick)) {
      return;
    }
    List<String[]> pairs = pairs();
    if (pairs.isEmpty()) {
      return;
    }
    nextTick = Instant.now().plus(interval.dividedBy(pairs.size()));
    try {
      tick();
    } catch (RuntimeException e) {
      ReadinessLogger.LOG.checkFailed(e.getMessage());
    }
  }

  /** One scheduled check: the pair never checked, or checked longest ago. */
  public Optional<Readiness> tick() {
    String[] oldest = null;
    Instant oldestAt = null;
    for (String[] pair : pairs()) {
      Instant at = find(pair[0], pair[1]).map(Readiness::checkedAt).orElse(Instant.EPOCH);
      if (oldestAt == null || at.isBefore(oldestAt)) {
        oldest = pair;
        oldestAt = at;
      }
    }
    return oldest == null ? Optional.empty() : Optional.of(check(inventory.service(oldest[0]).orElseThrow(), oldest[1]));
  }

  /** Checks one service for one action now and records the result. */
  public Readiness check(ServiceSpec service, String action) {
    PreflightReport report = preflight.check(service, action, Preflight.runVariables(service, action, "(readiness)",
        approvals.group(service.name())));
    Optional<Readiness> before = find(service.name(), action);
    Instant now = Instant.now();
    String state = !report.refused() ? Readiness.VERIFIED
        : before.map(Readiness::verifiedAt).isPresent() ? Readiness.DRIFTED : Readiness.UNVERIFIED;
    Instant verifiedAt = report.refused() ? before.map(Readiness::verifiedAt).orElse(null) : now;
    String problems = clip(String.join("\n", report.problems()));
    String staticHosts = clip(String.join(",", report.staticCredentialHosts()));
    int updated = jdbc.update("update drover_readiness set state=?, checked_at=?, verified_at=?, problems=?,"
        + " static_hosts=? where service=? and action=?", state, Timestamp.from(now),
        verifiedAt == null ? null : Timestamp.from(verifiedAt), problems, staticHosts, service.name(), action);
    if (updated == 0) {
      jdbc.update("insert into drover_readiness (service, action, state, checked_at, verified_at, problems,"
          + " static_hosts) values (?,?,?,?,?,?,?)", service.name(), action, state, Timestamp.from(now),
          verifiedAt == null ? null : Timestamp.from(verifiedAt), problems, staticHosts);
    }
    metrics.refresh();
    String was = before.map(Readiness::state).orElse(null);
    if (!state.equals(was)) {
      audit.append("READINESS", "drover", null, service.name(), null, action + ": " + (was == null ? "(never checked)"
          : was) + " -> " + state + (report.refused() ? ": " + String.join("; ", report.problems()) : ""));
    }
    return find(service.name(), action).orElseThrow();
  }

  /** The last check of every action of {@code service}. */
  public List<Readiness> of(String service) {
    return jdbc.query("select * from drover_readiness where service=? order by action", ROW, service);
  }

  /** The service's actions that have a deployed procedure. */
  public List<String> actions(String service) {
    List<String> actions = new ArrayList<>();
    for (String action : ACTIONS) {
      if (repository.createProcessDefinitionQuery().processDefinitionKey(service + "-" + action).count() > 0) {
        actions.add(action);
      }
    }
    return actions;
  }

  private Optional<Readiness> find(String service, String action) {
    return jdbc.query("select * from drover_readiness where service=? and action=?", ROW, service, action).stream()
        .findFirst();
  }

  private List<String[]> pairs() {
    List<String[]> pairs = new ArrayList<>();
    for (ServiceSpec service : inventory.services()) {
      if (!only.isEmpty() && !only.contains(service.name())) {
        continue;
      }
      actions(service.name()).forEach(action -> pairs.add(new String[] {service.name(), action}));
    }
    return pairs;
  }

  private static List<String> list(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
  }

  private static String clip(String text) {
    return text.length() > 4000 ? text.substring(0, 3997) + "..." : text;
  }
}
