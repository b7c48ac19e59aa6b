package io.drover.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yaml is a valid Compose file, checked offline by docker-compose (no Docker daemon
 * here): it resolves with an issuer set, and refuses to resolve without one, saying what to set.
 * Needs docker-compose (ops/test-deps.sh installs it); fails, not skips, without it.
 */
class ComposeFileTest {

  private record Result(int status, String output) {
  }

  private static Result config(Map<String, String> environment) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", "docker/compose.yaml", "config")
        .redirectErrorStream(true);
    builder.environment().remove("DROVER_ISSUER_URI");
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError("docker-compose is needed to check docker/compose.yaml: run ops/test-deps.sh", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  @Test
  void theComposeFileResolvesWithAnIssuerAndRefusesWithoutOne() throws Exception {
    Result resolved = config(Map.of("DROVER_ISSUER_URI", "https://keycloak.example/realms/drover"));
    assertThat(resolved.status()).as(resolved.output()).isZero();
    assertThat(resolved.output()).contains("DROVER_ISSUER_URI: https://keycloak.example/realms/drover")
        .contains("master_key").contains("db_password");
    Result refused = config(Map.of());
    assertThat(refused.status()).isNotZero();
    assertThat(refused.output()).contains("set DROVER_ISSUER_URI to your Keycloak realm");
  }
}
