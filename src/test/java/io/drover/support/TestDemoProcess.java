package io.drover.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./drover demo --port 0} started from the repository's root as a person starts it (the
 * script, a process of its own; the jars must have been packaged: the integration-test phase runs
 * after {@code package}), its scratch directory under {@code target/} so that a developer's
 * {@code .demo} stays untouched. Its output goes to {@code target/demo-process/NAME.log}.
 */
public final class TestDemoProcess implements AutoCloseable {

  private static final Pattern COCKPIT = Pattern.compile("^Cockpit: (http://\\S+)/camunda/app/cockpit/default/");

  private final Process process;
  private final Path log;
  private final String baseUrl;

  private TestDemoProcess(Process process, Path log, String baseUrl) {
    this.process = process;
    this.log = log;
    this.baseUrl = baseUrl;
  }

  /** Starts the demo and waits until it prints its Cockpit address (both runs done, the server up). */
  public static TestDemoProcess start(String name) throws Exception {
    Path root = Path.of("").toAbsolutePath();
    Path script = root.resolve("drover");
    Path jar = root.resolve("target/drover.jar");
    if (!Files.isExecutable(script) || !Files.isRegularFile(jar)) {
      throw new IllegalStateException("needs " + script + " and a packaged " + jar
          + ": run as an integration test (./mvnw verify), after the package phase");
    }
    Path dir = Files.createDirectories(root.resolve("target/demo-process"));
    Path log = dir.resolve(name + ".log");
    Process process = new ProcessBuilder(script.toString(), "demo", "--port", "0", "--dir", dir.resolve(name).toString())
        .directory(root.toFile()).redirectErrorStream(true).start();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = new Thread(() -> copyOutput(process, log, url), "demo-output-" + name);
    reader.setDaemon(true);
    reader.start();
    try {
      return new TestDemoProcess(process, log, url.get(300, TimeUnit.SECONDS));
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      process.destroyForcibly();
      throw new IllegalStateException("./drover demo did not print its Cockpit address within 300 s; see " + log
          + ":\n" + tail(log), e);
    }
  }

  private static void copyOutput(Process process, Path log, CompletableFuture<String> url) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.println(line);
        Matcher cockpit = COCKPIT.matcher(line);
        if (cockpit.find()) {
          url.complete(cockpit.group(1));
        }
      }
      url.completeExceptionally(new IllegalStateException("./drover demo exited with status " + process.waitFor()));
    } catch (IOException | InterruptedException e) {
      url.completeExceptionally(e);
    }
  }

  /** The server's address, e.g. {@code http://127.0.0.1:43567}. */
  public String baseUrl() {
    return baseUrl;
  }

  public Path log() {
    return log;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, as Ctrl-C would stop it (the script execs java: this is the JVM itself). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
