package io.drover.operation;

import io.drover.inventory.ServiceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The rehearsal record of each service, from its ended rehearse runs: the last one, the last that
 * succeeded, and whether that one still proves the service ({@link RehearsalProof}).
 */
@Service
public class Rehearsals {

  private final JdbcTemplate jdbc;
  private final ProcedureLauncher launcher;
  private final ProcedureFingerprint fingerprints;
  private final Duration every;

  public Rehearsals(JdbcTemplate jdbc, ProcedureLauncher launcher, ProcedureFingerprint fingerprints,
      @Value("${drover.rehearsal.every:P365D}") Duration every) {
    this.jdbc = jdbc;
    this.launcher = launcher;
    this.fingerprints = fingerprints;
    this.every = every;
  }

  /** How often a service must be rehearsed ({@code drover.rehearsal.every}, ISO-8601, default P365D). */
  public Duration every() {
    return every;
  }

  /** The service's rehearsal record; empty when it has no rehearse procedure. */
  public Optional<RehearsalProof> of(ServiceSpec service) {
    if (!launcher.isDeployed(service.name() + "-" + Action.REHEARSE.id())) {
      return Optional.empty();
    }
    Ended last = last(service.name(), "");
    Ended proven = last(service.name(), " and outcome in ('SUCCEEDED','SUCCEEDED_WITH_WARNINGS')");
    return Optional.of(RehearsalProof.of(last == null ? null : last.id, last == null ? null : last.at,
        last == null ? null : last.outcome, proven == null ? null : proven.id, proven == null ? null : proven.at,
        proven == null ? null : proven.fingerprint, fingerprints.of(service), every));
  }

  private record Ended(String id, Instant at, RunOutcome outcome, String fingerprint) {
  }

  private Ended last(String service, String condition) {
    List<Ended> rows = jdbc.query("select id, ended_at, outcome, fingerprint from drover_run where service=? and"
        + " action=? and status='ENDED' and cleanup_of is null" + condition + " order by ended_at desc fetch first 1 rows only",
        (rs, n) -> new Ended(rs.getString(1), rs.getTimestamp(2).toInstant(), RunOutcome.valueOf(rs.getString(3)),
            rs.getString(4)), service, Action.REHEARSE.name());
    return rows.isEmpty() ? null : rows.get(0);
  }
}
