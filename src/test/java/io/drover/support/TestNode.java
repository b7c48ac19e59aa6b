package io.drover.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Drover server in a process of its own ({@code drover server}), on a database of the test
 * PostgreSQL and the test world's hosts, secrets and procedures: a node that a test can kill with
 * SIGKILL or stop with SIGTERM. Its output goes to {@code target/nodes/NAME.log}.
 */
public final class TestNode implements AutoCloseable {

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private TestNode(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The JDBC URL of a database of its own on the test PostgreSQL, created on first use. */
  public static String database(String database) {
    String url = TestPostgres.jdbcUrl();
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
      c.createStatement().execute("create database " + database);
    } catch (SQLException alreadyThere) {
      // created by an earlier test of this JVM
    }
    return url.replace("/postgres?", "/" + database + "?").replaceAll("/postgres$", "/" + database);
  }

  /** Starts a node and waits until its API answers. */
  public static TestNode start(String name, String jdbcUrl, String... settings) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path root = TestWorld.root();
    Path log = Files.createDirectories(Path.of("target/nodes")).resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), "io.drover.cli.DroverCli", "server",
        "--server.port=" + port, "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
        "--spring.datasource.password=postgres", "--drover.inventory.dir=" + root.resolve("inventory"),
        "--drover.secrets.dir=" + root.resolve("secrets"), "--drover.secrets.master-key=" + TestWorld.masterKey(),
        "--drover.procedures.dir=" + root.resolve("procedures"), "--drover.procedures.forms-dir=forms",
        "--drover.journal.log-dir=" + root.resolve("runs"), "--drover.ssh.connect-timeout=PT3S",
        "--camunda.bpm.metrics.enabled=false", "--camunda.bpm.metrics.db-reporter-activate=false"));
    command.addAll(List.of(settings));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    TestNode node = new TestNode(name, process, port, log);
    node.awaitReady();
    return node;
  }

  public int port() {
    return port;
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  /** SIGKILL: the node dies mid-whatever, as a crashed server would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: the node stops as a service manager stops it; returns once it has exited. */
  public void terminate(Duration within) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException("node " + name + " did not stop within " + within + " of SIGTERM; see " + log);
    }
  }

  private void awaitReady() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node " + name + " exited while starting:\n" + tail());
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/services")).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("node " + name + " did not answer within 180 s:\n" + tail());
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
