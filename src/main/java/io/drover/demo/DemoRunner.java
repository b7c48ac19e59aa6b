package io.drover.demo;

import io.drover.DroverApplication;
import io.drover.client.ApiClient;
import io.drover.client.RunFollower;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default: the server on H2, two demo hosts on loopback, then {@code rehearse},
 * {@code migrate} and {@code failback} of service {@code demo}, printed step by step.
 */
public final class DemoRunner implements AutoCloseable {

  private final Path work;
  private final Path home;
  private final int port;
  private final PrintStream out;
  private DemoEnvironment environment;
  private ConfigurableApplicationContext server;

  /**
   * @param work scratch directory, emptied first
   * @param home Drover's installation directory (holds bpmn/ and forms/)
   * @param port HTTP port, 0 for any free one
   */
  public DemoRunner(Path work, Path home, int port, PrintStream out) {
    this.work = work;
    this.home = home;
    this.port = port;
    this.out = out;
  }

  /** Starts hosts and server; returns the server's base URL. */
  public String start() throws IOException {
    // the demo's SSH servers log their start at INFO before Spring sets up logging: not the demo's output
    if (org.slf4j.LoggerFactory.getLogger("org.apache.sshd") instanceof ch.qos.logback.classic.Logger sshd) {
      sshd.setLevel(ch.qos.logback.classic.Level.WARN);
    }
    deleteTree(work);
    Files.createDirectories(work);
    environment = DemoEnvironment.create(work);
    for (DemoSshHost host : environment.hosts()) {
      out.printf("demo host %s: ssh on 127.0.0.1:%d, files in %s%n", host.name(), host.port(), host.home());
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", "jdbc:h2:file:" + work.resolve("db/drover").toAbsolutePath()
        + ";DB_CLOSE_ON_EXIT=FALSE");
    properties.put("spring.datasource.username", "sa");
    properties.put("server.port", port);
    properties.put("drover.inventory.dir", environment.inventoryDir().toString());
    properties.put("drover.secrets.dir", environment.secretsDir().toString());
    properties.put("drover.journal.log-dir", work.resolve("runs").toString());
    properties.put("drover.procedures.dir", home.resolve("bpmn").toString());
    properties.put("drover.procedures.forms-dir", home.resolve("forms").toString());
    properties.put("drover.procedures.retry-delay", "PT1S");
    // the demo hosts are directories of this machine: a revocation list goes into each host's own
    properties.put("drover.ssh.ca.revoked-keys", ".ssh-host/revoked_keys");
    // demo-only built-in user for Cockpit; a real installation signs in through Keycloak
    properties.put("camunda.bpm.admin-user.id", "demo");
    properties.put("camunda.bpm.admin-user.password", "demo");
    properties.put("camunda.bpm.admin-user.first-name", "Demo");
    properties.put("camunda.bpm.admin-user.last-name", "Operator (demo only)");
    // the demo prints its own progress; the server's log goes to a file it names
    Path log = work.resolve("server.log");
    properties.put("logging.file.name", log.toString());
    properties.put("logging.threshold.console", "OFF");
    out.println("server log: " + log);
    String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    try {
      server = new SpringApplication(DroverApplication.class).run(arguments);
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new IOException("the demo server did not start: " + root.getMessage() + " (its log: " + log + ")", e);
    }
    demoApprover(server.getBean(org.camunda.bpm.engine.IdentityService.class));
    String actualPort = server.getEnvironment().getProperty("local.server.port");
    long ready = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    out.printf("server ready in %.1f s (from the JVM's start)%n", ready / 1000.0);
    return "http://127.0.0.1:" + actualPort;
  }

  /**
   * Demo only: user {@code demo} may approve the demo's takeover in Tasklist (role dr-approver and
   * group service-demo as Camunda groups). A real installation takes both from Keycloak.
   */
  private static void demoApprover(org.camunda.bpm.engine.IdentityService identity) {
    for (String group : new String[] {"dr-approver", "service-" + DemoEnvironment.SERVICE}) {
      if (identity.createGroupQuery().groupId(group).count() == 0) {
        org.camunda.bpm.engine.identity.Group created = identity.newGroup(group);
        created.setName(group + " (demo only)");
        created.setType("WORKFLOW");
        identity.saveGroup(created);
        identity.createMembership("demo", group);
      }
    }
  }

  /**
   * Runs a rehearsal (production untouched), then migrate, then failback; true if all succeeded.
   * After the rehearsal, the service is still active on the primary, which kept serving.
   */
  public boolean runRehearsalMigrateAndFailback(String baseUrl) throws IOException, InterruptedException {
    ApiClient api = new ApiClient(baseUrl);
    RunFollower follower = new RunFollower(api, out, Duration.ofMillis(200));
    boolean ok = true;
    for (String action : new String[] {"rehearse", "migrate", "failback"}) {
      out.printf("%n=== %s of service %s ===%n", action, DemoEnvironment.SERVICE);
      String runId = api.post("/api/services/" + DemoEnvironment.SERVICE + "/operations",
          Map.of("action", action, "reason", "drover demo")).path("runId").asText();
      boolean succeeded = follower.follow(runId);
      ok &= succeeded;
      if (!succeeded) {
        break;
      }
      if ("rehearse".equals(action)) {
        com.fasterxml.jackson.databind.JsonNode rehearsal = api.get("/api/services/" + DemoEnvironment.SERVICE)
            .path("rehearsal");
        out.printf("rehearsal: %s %s, due %s; exercise report: %s/api/runs/%s/exercise (drover report %s --exercise"
            + " -o exercise.pdf)%n", DemoEnvironment.SERVICE, rehearsal.path("status").asText(),
            rehearsal.path("dueAt").asText(), baseUrl, runId, runId);
      }
    }
    return ok;
  }

  public DemoEnvironment environment() {
    return environment;
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
    if (environment != null) {
      environment.close();
      environment = null;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
