package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.DroverApplication;
import io.drover.support.EngineRestSweep;
import io.drover.support.TestKeycloak;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * The engine gate in secured mode, in front of an administrator of the realm (a Camunda admin): every
 * operation Camunda publishes, in every spelling, is refused unless it is on the allow-list. In a JVM
 * of its own (tag own-jvm), with the secured test world of {@link ApiSecurityTest}.
 */
@SpringBootTest(classes = DroverApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = ApiSecurityTest.Secured.class)
@Tag("own-jvm")
class EngineGateSecuredSweepTest {

  @LocalServerPort
  int port;

  @Test
  void anAdministratorGetsOnlyTheAllowListInEverySpelling() throws Exception {
    EngineRestSweep sweep = new EngineRestSweep(port, Map.of("Authorization", "Bearer " + TestKeycloak.token("admin")));
    assertThat(sweep.sweep("/engine-rest", List.of("percent-encoded", "percent-encoded, lower-case hex",
        "matrix parameters", "double slashes", "trailing slash", "upper case", "all at once"))).isEmpty();
    assertThat(sweep.sent()).isGreaterThan(3000);
  }
}
