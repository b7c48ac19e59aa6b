package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.DroverApplication;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A secured server's start: it needs a master key, and it makes group {@code dr-admins} Camunda's
 * administrators without asking Keycloak, so a server started while Keycloak is not answering yet
 * still has administrators (the README's order of start). Runs in JVMs of its own.
 */
@Tag("own-jvm")
class SecuredStartupTest {

  @TempDir
  Path dir;

  @Test
  void aSecuredServerStartedBeforeKeycloakAnswersHasItsAdministrators() throws Exception {
    String nobody;
    try (ServerSocket closed = new ServerSocket(0)) {
      nobody = "http://127.0.0.1:" + closed.getLocalPort() + "/realms/drover";
    }
    SpringApplication app = new SpringApplication(DroverApplication.class);
    try (ConfigurableApplicationContext server = app.run(arguments(nobody, "--drover.secrets.master-key="
        + MasterKey.generate(), "--camunda.bpm.process-engine-name=secured-early"))) {
      ProcessEngine engine = server.getBean(ProcessEngine.class);
      assertThat(((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getAdminGroups())
          .contains("dr-admins");
      assertThat(engine.getProcessEngineConfiguration().isAuthorizationEnabled()).isTrue();
      // what makes dr-admins administrators in Cockpit and on the REST API: grants, made without Keycloak
      assertThat(engine.getAuthorizationService().createAuthorizationQuery().groupIdIn("dr-admins")
          .resourceType(org.camunda.bpm.engine.authorization.Resources.PROCESS_DEFINITION).resourceId("*").singleResult())
          .isNotNull().satisfies(grant -> assertThat(grant.isEveryPermissionGranted()).isTrue());
      assertThat(engine.getAuthorizationService().createAuthorizationQuery().groupIdIn("dr-admins").count())
          .isEqualTo(org.camunda.bpm.engine.authorization.Resources.values().length);
      String port = server.getEnvironment().getProperty("local.server.port");
      HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/api/services")).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void aSecuredServerWithoutAMasterKeyRefusesToStart() throws Exception {
    SpringApplication app = new SpringApplication(DroverApplication.class);
    String[] arguments = arguments("http://127.0.0.1:1/realms/drover", "--camunda.bpm.process-engine-name=secured-nokey");
    assertThatThrownBy(() -> app.run(arguments))
        .hasRootCauseInstanceOf(StartupRefusedException.class)
        .rootCause().hasMessageContaining("DROVER-SEC-011").hasMessageContaining("DROVER_MASTER_KEY_FILE");
  }

  @Test
  void anOpenServerRefusesToListenBeyondLoopback() throws Exception {
    SpringApplication app = new SpringApplication(DroverApplication.class);
    String[] arguments = arguments("", "--server.address=0.0.0.0", "--camunda.bpm.process-engine-name=open-wide");
    assertThatThrownBy(() -> app.run(arguments))
        .hasRootCauseInstanceOf(StartupRefusedException.class)
        .rootCause().hasMessageContaining("DROVER-SEC-010").hasMessageContaining("listens only on loopback");
  }

  private String[] arguments(String issuer, String... more) throws java.io.IOException {
    java.nio.file.Files.createDirectories(dir.resolve("inventory"));
    java.nio.file.Files.createDirectories(dir.resolve("none"));
    String[] base = {"--server.port=0", "--spring.datasource.url=jdbc:h2:mem:" + dir.getFileName(),
        "--camunda.bpm.job-execution.enabled=false", "--drover.inventory.dir=" + dir.resolve("inventory"),
        "--drover.procedures.dir=" + dir.resolve("none"), "--drover.secrets.dir=" + dir.resolve("secrets"),
        "--drover.security.issuer-uri=" + issuer, "--drover.security.web-client-secret=unused-here"};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
