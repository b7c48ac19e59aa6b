package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.cli.DroverCli;
import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestApi;
import io.drover.support.TestWorld;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * After a full run that hands a secret to its commands (a failure, a retry and a success, all
 * printing the secret on the hosts), no secret value is anywhere: not in any column of any table
 * of the database (Drover's and Camunda's, byte arrays included), not in the server's log output or
 * run log files, not in any REST response (Drover's API and Camunda's history), not in the CLI's
 * output. The secrets looked for: the token, the SSH private key, the store's master key.
 */
@DroverIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakScanTest {

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  @Test
  void afterAFullRunNoSecretValueIsInTheDatabaseLogsApiOrCli(CapturedOutput serverOutput) throws Exception {
    String url = "http://127.0.0.1:" + port;
    String cliOutput = cli("run", "--url", url, "sec-scan", "migrate", "--wait");
    assertThat(cliOutput).contains("outcome: SUCCEEDED_WITH_WARNINGS").contains("token=********");
    TestApi api = new TestApi(port);
    String runId = jdbc.queryForObject("select id from drover_run where service='sec-scan'", String.class);
    assertThat(api.run(runId).path("steps")).hasSize(3);
    cliOutput += cli("status", "--url", url, runId);

    Map<String, String> secrets = secrets();
    Map<String, String> places = new LinkedHashMap<>();
    // the CLI runs in this JVM: while it runs, the server's log lines go to the same captured output
    places.put("CLI output and server log lines meanwhile", cliOutput);
    places.put("server log output", serverOutput.getAll());
    places.putAll(runLogFiles());
    places.putAll(apiResponses(api, runId));
    places.putAll(databaseRows());
    assertThat(places).hasSizeGreaterThan(60);
    List<String> leaks = new ArrayList<>();
    secrets.forEach((name, value) -> places.forEach((place, text) -> {
      if (text.contains(value)) {
        leaks.add(name + " in " + place);
      }
    }));
    assertThat(leaks).isEmpty();
    // the scan can see: the masked token and the secret's name are where they should be
    assertThat(places.get("table drover_step_attempt")).contains("token=********");
    assertThat(cliOutput + serverOutput.getAll()).contains("run=" + runId).contains("drover.run")
        .contains("stderr=\"token=********\"");
  }

  private static Map<String, String> secrets() throws IOException {
    String key = Files.readString(TestWorld.demo().secretsDir().resolve("demo-ssh-key"));
    String body = key.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
    assertThat(body).hasSizeGreaterThan(60);
    return Map.of("the token", TestWorld.SECRET_VALUE, "the SSH private key", body.substring(10, 50),
        "the master key", TestWorld.masterKey());
  }

  private static Map<String, String> runLogFiles() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    try (Stream<Path> logs = Files.list(TestWorld.root().resolve("runs"))) {
      for (Path log : logs.toList()) {
        files.put("run log " + log.getFileName(), Files.readString(log));
      }
    }
    return files;
  }

  private static Map<String, String> apiResponses(TestApi api, String runId) throws IOException {
    Map<String, String> responses = new LinkedHashMap<>();
    for (String path : List.of("/api/services", "/api/services/sec-scan", "/api/runs/" + runId,
        "/api/audit/verify", "/engine-rest/history/process-instance", "/engine-rest/history/activity-instance",
        "/engine-rest/history/variable-instance?deserializeValues=false", "/engine-rest/history/detail?deserializeValues=false",
        "/engine-rest/history/job-log", "/engine-rest/history/incident", "/engine-rest/history/task",
        "/engine-rest/history/user-operation", "/engine-rest/process-instance", "/engine-rest/job",
        "/engine-rest/variable-instance?deserializeValues=false", "/engine-rest/process-definition")) {
      responses.put("GET " + path, api.client().get(path).toString());
    }
    responses.put("GET /api/runs/" + runId + "/log", api.log(runId));
    return responses;
  }

  /** Every table of the schema, every column, byte arrays read as bytes. */
  private Map<String, String> databaseRows() {
    Map<String, String> tables = new LinkedHashMap<>();
    List<String> names = jdbc.queryForList("select table_name from information_schema.tables"
        + " where table_schema = current_schema() and table_type = 'BASE TABLE'", String.class);
    assertThat(names).contains("drover_run", "drover_audit", "act_ge_bytearray", "act_hi_varinst", "act_hi_job_log");
    for (String table : names) {
      StringBuilder text = new StringBuilder();
      jdbc.query("select * from " + table, rs -> {
        for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
          Object value = rs.getObject(column);
          text.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
              + new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value)).append('\t');
        }
        text.append('\n');
      });
      tables.put("table " + table, text.toString());
    }
    return tables;
  }

  private static String cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      DroverCli.commandLine().execute(args);
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
