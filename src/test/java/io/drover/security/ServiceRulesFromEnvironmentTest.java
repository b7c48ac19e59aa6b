package io.drover.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The environment form of a service's rules that "Add a service" (docs/add-a-service.md) gives,
 * bound as the server binds it: {@code DROVER_SECURITY_SERVICES_<SERVICE>_...}.
 */
class ServiceRulesFromEnvironmentTest {

  @Test
  void aServicesGroupApprovalAndOriginsComeFromEnvironmentVariables() {
    StandardEnvironment environment = new StandardEnvironment();
    // named as the server's own: Spring reads DROVER_X_Y as drover.x.y only from that source
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
        "DROVER_SECURITY_ISSUER_URI", "https://sso.bank.example/realms/drover",
        "DROVER_SECURITY_SERVICES_VAULT_GROUP", "service-vault",
        "DROVER_SECURITY_SERVICES_VAULT_APPROVAL", "migrate,takeover",
        "DROVER_SECURITY_SERVICES_VAULT_APPROVALTIMEOUT", "PT20M",
        "DROVER_SECURITY_SERVICES_VAULT_ORIGINS", "10.20.0.0/16",
        "DROVER_SECURITY_SERVICES_VAULT_ACTIONS_TAKEOVER", "dr-operator")));
    SecurityProperties bound = Binder.get(environment).bind("drover.security", SecurityProperties.class).get();
    SecurityProperties.ServiceRule vault = bound.services().get("vault");
    assertThat(vault.group()).isEqualTo("service-vault");
    assertThat(vault.approval()).containsExactly("migrate", "takeover");
    assertThat(vault.approvalTimeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(vault.origins()).containsExactly("10.20.0.0/16");
    assertThat(vault.actions()).containsEntry("takeover", List.of("dr-operator"));
  }
}
