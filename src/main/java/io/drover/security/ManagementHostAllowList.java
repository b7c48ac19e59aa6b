package io.drover.security;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The same Host allow-list on a management port of its own (a child context of the main one), named
 * in {@code META-INF/spring/...ManagementContextConfiguration.imports}. Deliberately not a
 * {@code @Configuration}: the main context's component scan must not find it.
 */
class ManagementHostAllowList {

  @Bean
  @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
  FilterRegistrationBean<HostAllowList> managementHostAllowList(HostAllowList hosts) {
    FilterRegistrationBean<HostAllowList> registration = new FilterRegistrationBean<>(hosts);
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
