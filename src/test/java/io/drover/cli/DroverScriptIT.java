package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./drover} script as a person runs it, on the jars just packaged (an integration test:
 * failsafe, after {@code package}): help never starts anything, and a client command's output has
 * no JVM log lines, also on the first run, when the script makes the client's class data sharing
 * archive (the JVM then warns about every class it cannot archive).
 */
class DroverScriptIT {

  private static final Path ROOT = Path.of("").toAbsolutePath();

  record Result(int status, String out, String err) {
  }

  @Test
  void serverAndDemoHelpPrintTheirUsageAndStartNothing() throws Exception {
    // the server's class data sharing archive (a cache: made again when a server next exits) is not
    // made from a run that loaded nothing but picocli
    Path archive = ROOT.resolve("target/drover-server.jsa");
    Files.deleteIfExists(archive);
    for (List<String> command : List.of(List.of("server", "--help"), List.of("server", "-h"), List.of("demo", "--help"))) {
      Result result = drover(command);
      assertThat(result.status()).as("%s exit status", command).isZero();
      assertThat(result.out()).as("%s", command).startsWith("Usage: drover " + command.get(0));
      assertThat(result.err()).as("%s stderr", command).isEmpty();
    }
    assertThat(drover(List.of("server", "--help")).out()).contains("--server.port=");
    assertThat(archive).as("made by a help run").doesNotExist();
  }

  @Test
  void secretAndLoginHelpPrintTheirUsageOnly() throws Exception {
    for (List<String> command : List.of(List.of("secret", "--help"), List.of("secret", "put", "--help"),
        List.of("login", "--help"), List.of("services", "--help"), List.of("run", "--help"))) {
      Result result = drover(command);
      assertThat(result.status()).as("%s exit status", command).isZero();
      assertThat(result.out()).as("%s", command).startsWith("Usage: drover " + String.join(" ", command.subList(0,
          command.size() - 1)));
      assertThat(result.err()).as("%s stderr", command).isEmpty();
    }
  }

  @Test
  void aClientCommandPrintsNoJvmLogLinesWhenTheArchiveIsMadeNorWhenItIsUsed() throws Exception {
    Path archive = ROOT.resolve("target/drover-client.jsa");
    Files.deleteIfExists(archive);
    List<String> services = List.of("services", "--url", "http://127.0.0.1:1");
    Result first = drover(services);
    assertThat(Files.exists(archive)).as("the first client command made %s", archive).isTrue();
    Result second = drover(services);
    for (Result result : List.of(first, second)) {
      assertThat(result.status()).isEqualTo(1);
      assertThat(result.out()).as("stdout: errors go to stderr").isEmpty();
      assertThat(result.err()).contains("cannot reach the Drover server at http://127.0.0.1:1/")
          .doesNotContain("[warning]").doesNotContain("[cds]").doesNotContain("[error]");
      assertThat(result.err().lines()).as("one line: the problem").hasSize(1);
    }
  }

  @Test
  void aServerThatRefusesItsRunbooksPrintsTheProblemsWithoutAStackTrace() throws Exception {
    Path procedures = Files.createTempDirectory("drover-bad-runbooks");
    Path runbook = procedures.resolve("payments.runbook");
    Files.writeString(runbook, "[MIGRATE]\nonFailure = DIE\n1 = run true on nowhere\n");
    Result refused = drover(List.of("server", "--server.port=0", "--spring.datasource.url=jdbc:h2:mem:badrunbooks",
        "--drover.procedures.dir=" + procedures, "--camunda.bpm.job-execution.enabled=false"));
    String printed = refused.out() + refused.err();
    assertThat(refused.status()).as(printed).isNotZero();
    assertThat(printed).contains("DROVER-PROC-002 the runbooks are invalid, so Drover deployed nothing and did not"
        + " start:\n  " + runbook + ":3:").contains("Fix each file:line above");
    assertThat(printed.lines().filter(line -> line.matches(".*\\((\\w+\\.java:\\d+|Native Method)\\)$"))).as("stack frames").isEmpty();
    assertThat(printed.lines().filter(line -> line.contains("DROVER-PROC-002"))).as(printed).hasSize(1);
  }

  @Test
  void anOpenServerBindsItsManagementPortToLoopbackAndRefusesAnyOtherAddress() throws Exception {
    int management = freePort();
    List<String> server = List.of("server", "--server.port=0", "--spring.datasource.url=jdbc:h2:mem:openmanagement",
        "--drover.procedures.dir=" + Files.createTempDirectory("drover-none"), "--camunda.bpm.job-execution.enabled=false");
    Result refused = drover(server, java.util.Map.of("MANAGEMENT_SERVER_PORT", String.valueOf(management),
        "MANAGEMENT_SERVER_ADDRESS", "0.0.0.0"));
    String printed = refused.out() + refused.err();
    assertThat(refused.status()).as(printed).isNotZero();
    assertThat(printed).contains("DROVER-SEC-010").contains("the management port " + management
        + " listens only on loopback, not on '0.0.0.0'");

    List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("drover").toString()));
    command.addAll(server);
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(management));
    Process process = builder.start();
    try {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.URI health = java.net.URI.create("http://127.0.0.1:" + management + "/actuator/health");
      org.awaitility.Awaitility.await("the management port answers on loopback").atMost(java.time.Duration.ofMinutes(2))
          .pollInterval(java.time.Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            assertThat(process.isAlive()).as("./drover server still running").isTrue();
            return http.send(java.net.http.HttpRequest.newBuilder(health).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          });
      assertThat(listeners(management)).as("sockets listening on port %d", management).containsOnly("127.0.0.1");
      // and it answers only to loopback names, as the API does (no DNS rebinding of the metrics)
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", management)) {
        socket.getOutputStream().write(("GET /actuator/prometheus HTTP/1.1\r\nHost: rebind.evil.example:" + management
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 421");
      }
    } finally {
      process.destroy();
      process.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void aServerThatForbidsStaticKeysRefusesARunThatWouldUseOneAndItsCheckSaysWhatToDo() throws Exception {
    Path dir = Files.createTempDirectory("drover-static-keys");
    Path inventory = Files.createDirectories(dir.resolve("inventory"));
    Path procedures = Files.createDirectories(dir.resolve("procedures"));
    String hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAOUgPshiqaISWitIs2TqCDY48HP2EJGll7QvpmU4eZo";
    Files.writeString(inventory.resolve("demo.yaml"), String.join("\n", "hosts:",
        "  sk-a: { address: 127.0.0.1, port: 1, user: drover, credential: ssh-sk, hostKey: \"" + hostKey + "\" }",
        "  sk-b: { address: 127.0.0.1, port: 1, user: drover, credential: ssh-sk, hostKey: \"" + hostKey + "\" }",
        "services:", "  demo:", "    primary: { site: ldn, hosts: [sk-a] }", "    standby: { site: nyc, hosts: [sk-b] }",
        "    vars: { appDir: app, dataDir: app/data }", ""));
    Files.copy(ROOT.resolve("bpmn/demo-migrate.bpmn"), procedures.resolve("demo-migrate.bpmn"));
    int port = freePort();
    String url = "http://127.0.0.1:" + port;
    List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("drover").toString(), "server",
        "--server.port=" + port, "--spring.datasource.url=jdbc:h2:mem:statickeys", "--drover.inventory.dir=" + inventory,
        "--drover.procedures.dir=" + procedures, "--drover.secrets.dir=" + dir.resolve("secrets"),
        "--drover.journal.log-dir=" + dir.resolve("runs"), "--drover.readiness.interval=PT0S"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile());
    builder.environment().put("DROVER_SSH_STATIC_KEYS", "forbid");
    builder.environment().put("MANAGEMENT_SERVER_PORT", String.valueOf(freePort()));
    Process process = builder.start();
    try {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      org.awaitility.Awaitility.await("./drover server answers").atMost(java.time.Duration.ofMinutes(2))
          .pollInterval(java.time.Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            assertThat(process.isAlive()).as("./drover server still running: " + Files.readString(
                dir.resolve("server.log"))).isTrue();
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/api/services")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          });
      Result refused = drover(List.of("run", "demo", "migrate", "--url", url, "--reason", "static keys test",
          "--skip-preflight"));
      String printed = refused.out() + refused.err();
      assertThat(refused.status()).as(printed).isNotZero();
      assertThat(printed).contains("HTTP 422: migrate of demo would reach 2 hosts with a static key, and this server"
          + " forbids them; nothing ran").contains("host sk-a logs in with the static key 'ssh-sk',"
          + " which this server forbids (drover.ssh.static-keys=forbid): give it auth: certificate in the inventory");
      java.net.http.HttpResponse<String> problem = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
          url + "/api/services/demo/operations")).header("Content-Type", "application/json").POST(
          java.net.http.HttpRequest.BodyPublishers.ofString("{\"action\":\"migrate\"}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(problem.statusCode()).isEqualTo(422);
      assertThat(problem.body()).contains("\"type\":\"https://drover.io/problems/static-key-forbidden\"")
          .contains("\"hosts\":[\"sk-a\",\"sk-b\"]");
      Result check = drover(List.of("check", "demo", "--action", "migrate", "--url", url));
      assertThat(check.status()).as(check.out() + check.err()).isEqualTo(1);
      assertThat(check.out()).contains("  - host sk-a logs in with the static key 'ssh-sk', which this server forbids")
          .contains("  - host sk-b logs in with the static key 'ssh-sk'");
      Result services = drover(List.of("services", "--url", url));
      assertThat(services.out()).as(services.err()).contains("  ! demo: STATIC_CREDENTIAL on sk-a, sk-b: one key for"
          + " every run and requester");
    } finally {
      process.destroy();
      process.waitFor(60, TimeUnit.SECONDS);
    }
  }

  /** The local addresses of the sockets listening on a TCP port, from /proc/net/tcp and tcp6. */
  private static List<String> listeners(int port) throws IOException {
    List<String> found = new java.util.ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] f = line.strip().split("\\s+");
        if (f.length > 3 && f[3].equals("0A") && f[1].endsWith(String.format(":%04X", port))) {
          String hex = f[1].substring(0, f[1].indexOf(':'));
          found.add(switch (hex) {
            case "0100007F" -> "127.0.0.1";
            case "00000000" -> "0.0.0.0";
            case "00000000000000000000000000000000" -> "::";
            case "00000000000000000000000001000000" -> "::1";
            case "0000000000000000FFFF00000100007F" -> "127.0.0.1";
            case "0000000000000000FFFF000000000000" -> "0.0.0.0";
            default -> hex;
          });
        }
      }
    }
    return found;
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Result drover(List<String> args) throws IOException, InterruptedException {
    return drover(args, java.util.Map.of());
  }

  private static Result drover(List<String> args, java.util.Map<String, String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("drover-out", ".txt");
    Path err = Files.createTempFile("drover-err", ".txt");
    try {
      List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("drover").toString()));
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError("./drover " + String.join(" ", args) + " still running after 120 s: it should print"
            + " and exit; its output:\n" + Files.readString(out));
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
