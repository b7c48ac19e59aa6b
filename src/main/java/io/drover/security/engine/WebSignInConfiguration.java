package io.drover.security.engine;

import io.drover.security.SecurityLogger;
import io.drover.security.SecurityConfiguration;
import io.drover.security.SecurityProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.extension.keycloak.plugin.KeycloakIdentityProviderPlugin;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;

/**
 * With a Keycloak realm configured ({@code drover.security.issuer-uri}): people sign in to
 * Cockpit, Tasklist and Admin through Keycloak (client {@code drover-web}), Camunda's identity
 * service reads users and groups from the realm (camunda-platform-7-keycloak), Keycloak group
 * {@code dr-admins} are Camunda's administrators, and Camunda's authorizations are on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${drover.security.issuer-uri:}'.isBlank()")
class WebSignInConfiguration {

  static final String REGISTRATION = SecurityConfiguration.KEYCLOAK_REGISTRATION;
  static final String ADMIN_GROUP = "dr-admins";

  @Bean
  KeycloakIdentityProviderPlugin keycloakIdentityProvider(SecurityProperties properties) {
    KeycloakIdentityProviderPlugin plugin = new KeycloakIdentityProviderPlugin();
    plugin.setKeycloakIssuerUrl(properties.issuerUri());
    plugin.setKeycloakAdminUrl(properties.issuerUri().replace("/realms/", "/admin/realms/"));
    plugin.setClientId(properties.webClientId());
    plugin.setClientSecret(requireSecret(properties));
    plugin.setUseUsernameAsCamundaUserId(true);
    plugin.setUseGroupPathAsCamundaGroupId(true);
    // no administratorGroupName: the plugin would look the group up in Keycloak once, while the engine
    // is built, and a server started before Keycloak answered (or without the right to read groups)
    // ended up with no administrators at all; the engine's admin group list is set below instead
    return plugin;
  }

  @Bean
  ProcessEnginePlugin camundaAuthorizationsOn() {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setAuthorizationEnabled(true);
        // group ids are Keycloak group paths without the leading slash (setUseGroupPathAsCamundaGroupId)
        List<String> admins = configuration.getAdminGroups() == null ? new ArrayList<>()
            : new ArrayList<>(configuration.getAdminGroups());
        if (!admins.contains(ADMIN_GROUP)) {
          admins.add(ADMIN_GROUP);
        }
        configuration.setAdminGroups(admins);
      }
    };
  }

  /** Resolved on first sign-in, so the server starts while Keycloak is still starting. */
  @Bean
  ClientRegistrationRepository clientRegistrations(SecurityProperties properties) {
    Supplier<ClientRegistration> registration = new Supplier<>() {
      private volatile ClientRegistration resolved;

      @Override
      public ClientRegistration get() {
        if (resolved == null) {
          resolved = ClientRegistrations.fromIssuerLocation(properties.issuerUri()).registrationId(REGISTRATION)
              .clientId(properties.webClientId()).clientSecret(requireSecret(properties))
              .scope("openid", "profile").userNameAttributeName("preferred_username").build();
        }
        return resolved;
      }
    };
    return id -> REGISTRATION.equals(id) ? registration.get() : null;
  }

  /** Hands the signed-in person to Camunda's web apps, after Spring Security's filter chain. */
  @Bean
  FilterRegistrationBean<ContainerBasedAuthenticationFilter> camundaWebAppSignIn() {
    FilterRegistrationBean<ContainerBasedAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ContainerBasedAuthenticationFilter());
    registration.setInitParameters(Map.of("authentication-provider", OidcCamundaAuthenticationProvider.class.getName()));
    registration.addUrlPatterns("/camunda/app/*", "/camunda/api/*");
    registration.setOrder(Ordered.LOWEST_PRECEDENCE - 20);
    return registration;
  }

  private static String requireSecret(SecurityProperties properties) {
    if (properties.webClientSecret() == null || properties.webClientSecret().isBlank()) {
      throw new IllegalStateException(SecurityLogger.LOG.noWebClientSecret(properties.webClientId()));
    }
    return properties.webClientSecret();
  }
}
