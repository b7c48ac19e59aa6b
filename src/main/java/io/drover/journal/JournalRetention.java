package io.drover.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the journal for {@code drover.journal.retention} (default 400 days): once a day, runs that
 * ended before then go with their attempts, log lines and log file, events and audit entries too;
 * the audit chain stays verifiable (see {@link AuditTrail#prune}). Runs not ended are never removed.
 * Camunda's own history is removed by its history clean-up, in its window (see application.yaml).
 */
@Component
public class JournalRetention {

  private static final Logger LOG = LoggerFactory.getLogger(JournalRetention.class);

  private final JdbcTemplate jdbc;
  private final JournalProperties properties;
  private final AuditTrail audit;

  public JournalRetention(JdbcTemplate jdbc, JournalProperties properties, AuditTrail audit) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.audit = audit;
  }

  @Scheduled(cron = "${drover.journal.retention-cron:0 30 2 * * *}")
  void daily() {
    prune(Instant.now().minus(properties.retention()));
  }

  /** Removes what ended before {@code cutoff}; returns the number of runs removed. */
  public int prune(Instant cutoff) {
    Timestamp before = Timestamp.from(cutoff);
    List<String> runs = jdbc.queryForList("select id from drover_run where status='ENDED' and ended_at < ?",
        String.class, before);
    for (String run : runs) {
      jdbc.update("delete from drover_run_log where run_id=?", run);
      jdbc.update("delete from drover_step_attempt where run_id=?", run);
      jdbc.update("delete from drover_event where run_id=?", run);
      jdbc.update("delete from drover_run where id=?", run);
      try {
        Files.deleteIfExists(properties.logDir().resolve(run + ".log"));
      } catch (IOException e) {
        JournalLogger.LOG.cannotRemoveRunLog(String.valueOf(run), e.getMessage());
      }
    }
    int events = jdbc.update("delete from drover_event where run_id is null and at < ?", before);
    int entries = audit.prune(cutoff, "retention " + properties.retention());
    if (!runs.isEmpty() || events > 0 || entries > 0) {
      LOG.info("journal retention: removed {} runs, {} events and {} audit entries older than {}", runs.size(),
          events, entries, cutoff);
    }
    return runs.size();
  }
}
