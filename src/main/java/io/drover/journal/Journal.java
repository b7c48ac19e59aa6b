package io.drover.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The evidence of every run: step attempts, the run log and events. Every write commits in its
 * own transaction, so a step that fails (and rolls back the engine's transaction) still leaves
 * its record.
 */
@Component
public class Journal {

  /** Every run log line also goes to the server's log (logger {@code drover.run}), for log shipping. */
  private static final Logger RUN_LOG = LoggerFactory.getLogger("drover.run");

  private final JdbcTemplate jdbc;
  private final TransactionTemplate own;
  private final JournalProperties properties;
  private final AttemptWrites writes;

  public Journal(JdbcTemplate jdbc, PlatformTransactionManager transactions, JournalProperties properties) {
    this.jdbc = jdbc;
    this.writes = new AttemptWrites(jdbc, transactions);
    this.own = new TransactionTemplate(transactions);
    this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.properties = properties;
  }

  /** Records the start of an attempt and returns its id. */
  public long attemptStarted(String runId, String stepId, String stepName, String jobId, int attempt, String host,
      String command) {
    return attemptStarted(runId, stepId, stepName, jobId, attempt, host, command, null);
  }

  /** The same, with how Drover logs in to the host (a certificate's serial and key id, or a static key's name). */
  public long attemptStarted(String runId, String stepId, String stepName, String jobId, int attempt, String host,
      String command, String credential) {
    String line = logLine(runId, String.format("%-22s host=%s attempt=%d status=STARTED command=%s", stepId, host,
        attempt, command) + (credential == null ? "" : " credential=" + credential));
    long id = writes.started(runId, stepId, clip(stepName, 255), jobId, attempt, host, clip(command, 4000),
        clip(credential, 512), now(), clip(line, 4000));
    appendToFile(runId, line);
    return id;
  }

  /** Records how an attempt ended; {@code verdict} says what the failure policy made of it. */
  public void attemptEnded(AttemptOutcome outcome) {
    String status = outcome.succeeded() ? "SUCCEEDED" : "FAILED";
    StringBuilder line = new StringBuilder(String.format("%-22s host=%s attempt=%d status=%s duration=%.3fs",
        outcome.stepId(), outcome.host(), outcome.attempt(), status, outcome.millis() / 1000.0));
    appendIf(line, " exit=", outcome.exitCode());
    appendIf(line, " reason=", outcome.reason());
    appendIf(line, " policy=", outcome.verdict());
    if (!outcome.succeeded() && outcome.message() != null) {
      line.append(" message=\"").append(outcome.message().replace('\n', ' ')).append('"');
    }
    String lastError = lastLine(outcome.stderr());
    if (!outcome.succeeded() && lastError != null) {
      line.append(" stderr=\"").append(lastError).append('"');
    }
    String logged = logLine(outcome.runId(), line.toString());
    writes.ended(outcome.attemptId(), status, outcome.exitCode(), outcome.reason(), clip(outcome.message(), 2000),
        tail(outcome.stdout()), tail(outcome.stderr()), now(), outcome.verdict(), outcome.runId(), clip(logged, 4000));
    appendToFile(outcome.runId(), logged);
  }

  private static void appendIf(StringBuilder line, String key, Object value) {
    if (value != null) {
      line.append(key).append(value);
    }
  }

  /** The step's attempts in this run, oldest first. */
  public List<StepAttempt> attemptsOfStep(String runId, String stepId) {
    return jdbc.query("select * from drover_step_attempt where run_id=? and step_id=? order by id", ATTEMPT, runId,
        stepId);
  }

  /** How many attempts this job has made already (a job keeps its id across retries). */
  public int attemptsOfJob(String jobId) {
    Integer count = jdbc.queryForObject("select count(*) from drover_step_attempt where job_id=?", Integer.class, jobId);
    return count == null ? 0 : count;
  }

  /** Appends one line to the run log, in the database and in the run's log file. */
  public void log(String runId, String text) {
    String line = logLine(runId, text);
    own.executeWithoutResult(status -> insertLine(runId, line));
    appendToFile(runId, line);
  }

  /** The run log's line for {@code text}, stamped now, also written to the server's log. */
  private static String logLine(String runId, String text) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException(JournalLogger.LOG.notARunId(runId));
    }
    String escaped = escapeControls(text);
    RUN_LOG.info("run={} {}", runId, escaped);
    return Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + escaped;
  }

  private void insertLine(String runId, String line) {
    jdbc.update("insert into drover_run_log (run_id, line) values (?,?)", runId, clip(line, 4000));
  }

  /** Appends the line to the run's log file (once the database has it). */
  private void appendToFile(String runId, String line) {
    try {
      Path dir = properties.logDir();
      if (!Files.isDirectory(dir)) {
        // not on every line: on an existing directory, createDirectories throws and catches an exception
        Files.createDirectories(dir);
      }
      Files.writeString(dir.resolve(runId + ".log"), line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      JournalLogger.LOG.cannotWriteRunLog(runId, properties.logDir(), e.getMessage());
    }
  }

  private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /**
   * One log line stays one line: a newline, carriage return or other control character in a
   * person's text (a reason, a command's output) is written as an escape, never as itself.
   */
  static String escapeControls(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append(c);
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** Records an operator or system event about a service (acknowledgement, cancellation). */
  public void event(String service, String runId, String kind, String actor, String detail) {
    own.executeWithoutResult(status -> jdbc.update("insert into drover_event (service, run_id, kind, actor, detail, at)"
        + " values (?,?,?,?,?,?)", service, runId, kind, actor, clip(detail, 2000), now()));
    if (runId != null) {
      log(runId, String.format("%-22s actor=%s %s", kind, actor, detail == null ? "" : detail));
    }
  }

  public List<StepAttempt> attempts(String runId) {
    return jdbc.query("select * from drover_step_attempt where run_id=? order by id", ATTEMPT, runId);
  }

  /** Log lines of a run after the given line number (0 = from the start), with their numbers. */
  public List<LogLine> logLines(String runId, long after) {
    return jdbc.query("select id, line from drover_run_log where run_id=? and id>? order by id",
        (rs, n) -> new LogLine(rs.getLong("id"), rs.getString("line")), runId, after);
  }

  /** One line of a run log and its position. */
  public record LogLine(long id, String line) {
  }

  private String tail(String text) {
    if (text == null) {
      return null;
    }
    int limit = properties.tailChars();
    return text.length() <= limit ? text : text.substring(text.length() - limit);
  }

  private static String lastLine(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String[] lines = text.strip().split("\n");
    return clip(lines[lines.length - 1], 300);
  }

  private static String clip(String text, int limit) {
    return text == null || text.length() <= limit ? text : text.substring(0, limit);
  }

  private static Timestamp now() {
    return Timestamp.from(Instant.now());
  }

  private static final RowMapper<StepAttempt> ATTEMPT = (rs, n) -> new StepAttempt(rs.getLong("id"),
      rs.getString("run_id"), rs.getString("step_id"), rs.getString("step_name"), rs.getInt("attempt"),
      rs.getString("host"), rs.getString("command"), rs.getString("status"), (Integer) rs.getObject("exit_code"),
      rs.getString("reason"), rs.getString("message"), rs.getString("stdout_tail"), rs.getString("stderr_tail"),
      instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("ended_at")), rs.getString("verdict"),
      rs.getString("job_id"), rs.getString("credential"));

  static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
