package io.drover.security;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A management port of its own ({@code MANAGEMENT_SERVER_PORT}) listens where the API does
 * ({@code server.address}, loopback by default) unless {@code MANAGEMENT_SERVER_ADDRESS} says
 * otherwise: Spring Boot's own default is every address. (Spring refuses a management address
 * without a port of its own, so the default is set only with one.)
 */
public class ManagementAddressDefault implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    String port = environment.getProperty("management.server.port", "").strip();
    String address = environment.getProperty("server.address", "").strip();
    if (port.isEmpty() || port.equals("-1") || port.equals(environment.getProperty("server.port", "8080").strip())
        || environment.containsProperty("management.server.address") || address.isEmpty()) {
      return;
    }
    environment.getPropertySources().addLast(new MapPropertySource("drover-management-address",
        Map.of("management.server.address", address)));
  }
}
