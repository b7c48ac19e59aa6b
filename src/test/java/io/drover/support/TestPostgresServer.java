package io.drover.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of Debian's ({@code ops/test-deps.sh} installs it) that a test can stop and
 * start again, as a database restart or outage: its own cluster in a temporary directory, run as
 * user postgres, on a free loopback port. A missing installation fails the test and says so.
 */
public final class TestPostgresServer implements AutoCloseable {

  private final Path bin;
  private final Path data;
  private final int port;

  private TestPostgresServer(Path bin, Path data, int port) {
    this.bin = bin;
    this.data = data;
    this.port = port;
  }

  public static TestPostgresServer start() throws Exception {
    Path bin;
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.naturalOrder()).orElseThrow();
    } catch (IOException | java.util.NoSuchElementException e) {
      throw new IllegalStateException("the database outage test needs Debian's PostgreSQL server under"
          + " /usr/lib/postgresql: run ops/test-deps.sh (apt-get install postgresql)", e);
    }
    Path dir = Files.createTempDirectory("drover-pg-outage");
    run("chown", "postgres", dir.toString());
    Path data = dir.resolve("data");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres", "--no-sync");
    TestPostgresServer server = new TestPostgresServer(bin, data, port);
    server.up();
    return server;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** Starts the server (again) and waits until it takes connections. */
  public void up() throws Exception {
    asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l", data.resolve("server.log").toString(),
        "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1", "start");
  }

  /** Stops it at once (fast shutdown: sessions are cut), as a database restart does. */
  public void down() throws Exception {
    asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-m", "fast", "stop");
  }

  private static void asPostgres(String... command) throws Exception {
    List<String> line = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    line.addAll(List.of(command));
    run(line.toArray(String[]::new));
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
    }
  }

  @Override
  public void close() {
    try {
      down();
    } catch (Exception alreadyDown) {
      // stopped by the test, or never came up
    }
  }
}
