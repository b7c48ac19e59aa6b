package io.drover.security;

import io.drover.demo.DemoEnvironment;
import io.drover.demo.DemoSshHost;
import io.drover.support.TestKeycloak;
import io.drover.support.TestPostgres;
import io.drover.support.TestWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A secured server (the real Keycloak, realm {@code drover}) on the test world's SSH hosts with an
 * inventory, procedures and plans of its own: services of carol's group ({@code service-ledger}) and
 * of alice's and bob's ({@code service-payments}), one with an origin rule nobody on loopback meets,
 * and plans that mix them. Each service's procedure is two steps that append to
 * {@code pol/<service>/trace} on the hosts, so a test sees whether anything ran.
 */
public class SecuredPlanWorld implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  /** Service to its group; {@code pr-vault} also takes requests only from 10.0.0.0/8. */
  static final Map<String, String> SERVICES = Map.ofEntries(
      Map.entry("pr-ledger", "service-ledger"), Map.entry("pr-pay", "service-payments"),
      Map.entry("pr-vault", "service-ledger"), Map.entry("pr-solo", "service-ledger"),
      Map.entry("pr-apay", "service-payments"), Map.entry("pr-aledger", "service-ledger"),
      Map.entry("pr-bpay", "service-payments"),
      Map.entry("ra-svc", "service-payments"), Map.entry("ra-plan-svc", "service-payments"));

  /** Plan file to its text. */
  private static final Map<String, String> PLANS = Map.of(
      "pr-mixed.yaml", """
          description: carol's group's plan, with a service of another group and one behind an origin rule
          services:
            pr-ledger: {}
            pr-pay: { dependsOn: [pr-ledger] }
            pr-vault: {}
          access:
            group: service-ledger
          """,
      "pr-solo.yaml", """
          services:
            pr-solo: {}
          access:
            group: service-ledger
          """,
      "pr-approve.yaml", """
          services:
            pr-apay: {}
            pr-aledger: {}
          access:
            group: service-payments
            approval: [migrate]
          """,
      "pr-approve-ok.yaml", """
          services:
            pr-bpay: {}
          access:
            group: service-payments
            approval: [migrate]
          """,
      "ra-plan.yaml", """
          services:
            ra-plan-svc: {}
          access:
            group: service-payments
            approval: [migrate]
          """);

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    new TestWorld().initialize(context);
    String url = TestPostgres.jdbcUrl();
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
      c.createStatement().execute("create database plansecured");
    } catch (java.sql.SQLException alreadyThere) {
      // a second context in this JVM
    }
    Path root = TestWorld.root().resolve("secured-plans");
    try {
      write(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the secured plan world", e);
    }
    List<String> properties = new ArrayList<>(List.of(
        "spring.datasource.url=" + url.replace("/postgres?", "/plansecured?").replaceAll("/postgres$", "/plansecured"),
        "drover.inventory.dir=" + root.resolve("inventory"),
        "drover.procedures.dir=" + root.resolve("procedures"),
        "drover.plans.dir=" + root.resolve("plans"),
        "drover.security.issuer-uri=" + TestKeycloak.issuer(),
        "drover.security.web-client-secret=" + TestKeycloak.credentials().get("DROVER_KC_SECRET_DROVER_WEB"),
        "drover.security.clock-skew=PT0S",
        "drover.security.services.pr-vault.origins=10.0.0.0/8"));
    SERVICES.forEach((service, group) -> properties.add("drover.security.services." + service + ".group=" + group));
    TestPropertyValues.of(properties).applyTo(context);
  }

  private static void write(Path root) throws IOException {
    if (Files.isDirectory(root)) {
      return; // a second context in this JVM
    }
    DemoEnvironment world = TestWorld.demo();
    StringBuilder inventory = new StringBuilder("hosts:\n");
    host(inventory, "pa", world.hosts().get(0));
    host(inventory, "pb", world.hosts().get(1));
    inventory.append("services:\n");
    for (String service : SERVICES.keySet().stream().sorted().toList()) {
      inventory.append("  ").append(service).append(":\n    primary: { site: ldn, hosts: [pa] }\n")
          .append("    standby: { site: nyc, hosts: [pb] }\n");
    }
    Files.createDirectories(root.resolve("inventory"));
    Files.writeString(root.resolve("inventory/secured-plans.yaml"), inventory.toString());
    String template = Files.readString(Path.of("src/test/resources/procedures/ret-svc-migrate.bpmn"));
    Files.createDirectories(root.resolve("procedures"));
    for (String service : SERVICES.keySet()) {
      Files.writeString(root.resolve("procedures").resolve(service + "-migrate.bpmn"), template.replace("ret-svc",
          service));
    }
    Files.createDirectories(root.resolve("plans"));
    for (Map.Entry<String, String> plan : PLANS.entrySet()) {
      Files.writeString(root.resolve("plans").resolve(plan.getKey()), plan.getValue());
    }
  }

  private static void host(StringBuilder yaml, String name, DemoSshHost host) throws IOException {
    yaml.append("  ").append(name).append(":\n    address: 127.0.0.1\n    port: ").append(host.port())
        .append("\n    user: drover\n    credential: demo-ssh-key\n    hostKey: \"").append(host.hostKey()).append("\"\n");
  }

  /** The lines the service's steps appended on either host. */
  static List<String> trace(String service) throws IOException {
    List<String> lines = new ArrayList<>();
    for (DemoSshHost host : TestWorld.demo().hosts()) {
      lines.addAll(TestWorld.trace(host.home(), service));
    }
    return lines;
  }
}
