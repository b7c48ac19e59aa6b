package io.drover.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.cli.DroverCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover validate} and {@code drover compile} exit codes and output. */
class ValidateCommandTest {

  @TempDir
  Path dir;

  record Result(int status, String out) {
  }

  private static Result drover(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      return new Result(DroverCli.commandLine().execute(args), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void aValidRunbookExitsZeroAndAnInvalidOneListsEveryErrorAndExitsOne() throws Exception {
    Result ok = drover("validate", "--inventory", "ops/inventory", "ops/runbooks/payments.runbook");
    assertThat(ok.status()).isZero();
    assertThat(ok.out()).isEqualTo("1 file valid\n");
    Path bad = dir.resolve("payments.runbook");
    Files.writeString(bad, RunbookCompilerTest.FIG3.replace("(SRDF)", "(NOSUCH)").replace("alias = payments.example.com",
        "alias = x"));
    Result refused = drover("validate", "--inventory", "ops/inventory", bad.toString());
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.out().lines()).containsExactly(
        bad + ":14:5: step 7 refers to NOSUCH, but there is no section [NOSUCH]",
        bad + ":22:9: 'alias' is 'x', which must be a fully qualified DNS name such as payments.example.com");
  }

  @Test
  void compileWritesOneFilePerTargetAndNothingOnError() throws Exception {
    Path out = dir.resolve("out");
    Result ok = drover("compile", "--inventory", "ops/inventory", "ops/runbooks/payments.runbook", "-o", out.toString());
    assertThat(ok.status()).isZero();
    assertThat(out.resolve("payments-migrate.bpmn")).exists();
    byte[] first = Files.readAllBytes(out.resolve("payments-migrate.bpmn"));
    drover("compile", "--inventory", "ops/inventory", "ops/runbooks/payments.runbook", "-o", out.toString());
    assertThat(Files.readAllBytes(out.resolve("payments-migrate.bpmn"))).isEqualTo(first);
    Path bad = dir.resolve("payments.runbook");
    Files.writeString(bad, RunbookCompilerTest.FIG3.replace("(SRDF)", "(NOSUCH)"));
    Path none = dir.resolve("none");
    assertThat(drover("compile", "--inventory", "ops/inventory", bad.toString(), "-o", none.toString()).status()).isEqualTo(1);
    assertThat(none).doesNotExist();
  }

  @Test
  void aPlannerCompilesOnAWorkstationWithoutTheServersKnownHostsAndValidateWarnsOfTheMissingPins() throws Exception {
    // ops/lab/inventory pins no host key itself: the lab's keys are in the DR server's known_hosts
    Path out = dir.resolve("lab");
    Result compiled = drover("compile", "ops/lab/runbooks/ledger.runbook", "--inventory", "ops/lab/inventory", "-o",
        out.toString());
    assertThat(compiled.status()).as(compiled.out()).isZero();
    assertThat(out.resolve("ledger-migrate.bpmn")).exists();
    Result validated = drover("validate", "--inventory", "ops/lab/inventory", "ops/lab/runbooks/ledger.runbook");
    assertThat(validated.status()).isZero();
    assertThat(validated.out().lines()).contains("1 file valid").anySatisfy(line -> assertThat(line)
        .startsWith("ops/lab/inventory/lab.yaml:9: warning: host 'app2' has no pinned host key here; the DR server will"
            + " not start until it has one"));
  }

  @Test
  void theServerStillRefusesAnInventoryWithoutPins() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new io.drover.inventory.InventoryLoader(null)
        .load(Path.of("ops/lab/inventory"))).hasMessageContaining("host 'app2' has no pinned host key");
  }
}
