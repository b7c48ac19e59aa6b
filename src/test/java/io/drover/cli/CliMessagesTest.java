package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.support.DroverIntegrationTest;
import io.drover.support.TestCli;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the command line says when a name is mistyped: one line on standard error with the nearest
 * valid names, and an exit status that is not 0. Against a real server (open mode).
 */
@DroverIntegrationTest
class CliMessagesTest {

  @LocalServerPort
  int port;

  @Test
  void aMistypedServiceGetsTheNearestServices() {
    TestCli.Result result = TestCli.run("run", "--url", "http://127.0.0.1:" + port, "pre-okk", "migrate");
    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("drover: HTTP 404: service 'pre-okk' is not in the inventory; did you mean"
        + " pre-ok?\n");
    TestCli.Result check = TestCli.run("check", "--url", "http://127.0.0.1:" + port, "pre-drfit");
    assertThat(check.err()).contains("did you mean pre-drift?");
  }

  @Test
  void aMistypedCommandGetsTheNearestCommands() {
    TestCli.Result result = TestCli.run("rn", "pre-ok", "migrate");
    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("drover: unknown command 'rn'; did you mean run? (drover --help lists the"
        + " commands)\n");
    TestCli.Result sub = TestCli.run("plan", "statsu", "x");
    assertThat(sub.status()).isEqualTo(2);
    assertThat(sub.err()).startsWith("drover plan: unknown command 'statsu'; did you mean status?");
  }
}
