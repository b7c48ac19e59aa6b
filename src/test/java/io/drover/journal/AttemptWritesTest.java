package io.drover.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.support.TestPostgres;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Both of the journal's write paths (one statement on PostgreSQL, a transaction of two on H2): an
 * attempt's start and end land with their log lines, stay when the caller's transaction rolls back,
 * and never land half (no attempt change without its line).
 */
class AttemptWritesTest {

  static Stream<Arguments> databases() {
    String postgres = TestPostgres.jdbcUrl();
    DataSource admin = new DriverManagerDataSource(postgres);
    String name = "attempt_writes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    new JdbcTemplate(admin).execute("create database " + name);
    return Stream.of(
        Arguments.of("PostgreSQL", new DriverManagerDataSource(postgres.replaceFirst("/postgres\\?", "/" + name + "?"))),
        Arguments.of("H2", new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void anAttemptsStartAndEndLandWithTheirLinesOutsideTheCallersTransaction(String database, DataSource data) {
    Flyway.configure().dataSource(data).load().migrate();
    JdbcTemplate jdbc = new JdbcTemplate(data);
    DataSourceTransactionManager transactions = new DataSourceTransactionManager(data);
    AttemptWrites writes = new AttemptWrites(jdbc, transactions);
    assertThat(jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<String>) c -> c.getMetaData()
        .getDatabaseProductName())).isEqualTo(database);
    String run = UUID.randomUUID().toString();
    Timestamp start = Timestamp.from(Instant.parse("2026-11-30T10:00:00Z"));
    Timestamp end = Timestamp.from(Instant.parse("2026-11-30T10:00:01Z"));

    // the caller (the engine's transaction, in Drover) rolls back: the journal's rows stay
    TransactionTemplate caller = new TransactionTemplate(transactions);
    long[] id = new long[1];
    caller.executeWithoutResult(tx -> {
      id[0] = writes.started(run, "Task_Stop", "Stop app", "job-1", 1, "app1", "systemctl stop app",
          "certificate serial=7 id=\"drover run=r service=s by=alice approved=none\"", start, "Task_Stop started");
      tx.setRollbackOnly();
    });

    Map<String, Object> attempt = jdbc.queryForMap("select * from drover_step_attempt where id=?", id[0]);
    assertThat(String.valueOf(value(attempt, "run_id"))).isEqualTo(run);
    assertThat(String.valueOf(value(attempt, "status"))).isEqualTo("RUNNING");
    assertThat(String.valueOf(value(attempt, "host"))).isEqualTo("app1");
    assertThat(String.valueOf(value(attempt, "command"))).isEqualTo("systemctl stop app");
    assertThat(String.valueOf(value(attempt, "credential"))).isEqualTo(
        "certificate serial=7 id=\"drover run=r service=s by=alice approved=none\"");
    assertThat(((Number) value(attempt, "attempt")).intValue()).isEqualTo(1);
    assertThat(lines(jdbc, run)).containsExactly("Task_Stop started");

    caller.executeWithoutResult(tx -> {
      writes.ended(id[0], "FAILED", 3, "NON_ZERO_EXIT", "exit status 3", "out", "err", end, "DIE", run,
          "Task_Stop failed");
      tx.setRollbackOnly();
    });
    attempt = jdbc.queryForMap("select * from drover_step_attempt where id=?", id[0]);
    assertThat(String.valueOf(value(attempt, "status"))).isEqualTo("FAILED");
    assertThat(((Number) value(attempt, "exit_code")).intValue()).isEqualTo(3);
    assertThat(String.valueOf(value(attempt, "verdict"))).isEqualTo("DIE");
    assertThat(String.valueOf(value(attempt, "stderr_tail"))).isEqualTo("err");
    assertThat(value(attempt, "ended_at")).isNotNull();
    assertThat(lines(jdbc, run)).containsExactly("Task_Stop started", "Task_Stop failed");

    // a line that cannot be written takes the attempt's change with it
    long second = writes.started(run, "Task_Start", null, "job-2", 1, "app2", "start", null, start,
        "Task_Start started");
    assertThatThrownBy(() -> writes.ended(second, "SUCCEEDED", 0, null, null, "", "", end, null, run, null))
        .isInstanceOf(DataAccessException.class);
    assertThat(jdbc.queryForObject("select status from drover_step_attempt where id=?", String.class, second))
        .isEqualTo("RUNNING");
    assertThatThrownBy(() -> writes.started(run, "Task_Other", null, "job-3", 1, "app2", "x", null, start, null))
        .isInstanceOf(DataAccessException.class);
    assertThat(jdbc.queryForObject("select count(*) from drover_step_attempt where run_id=?", Integer.class, run))
        .isEqualTo(2);
    assertThat(lines(jdbc, run)).containsExactly("Task_Stop started", "Task_Stop failed", "Task_Start started");
  }

  private static Object value(Map<String, Object> row, String column) {
    return row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(column)).map(Map.Entry::getValue)
        .findFirst().orElseThrow(() -> new AssertionError("no column " + column + " in " + row.keySet()));
  }

  private static List<String> lines(JdbcTemplate jdbc, String run) {
    return jdbc.queryForList("select line from drover_run_log where run_id=? order by id", String.class, run);
  }
}
