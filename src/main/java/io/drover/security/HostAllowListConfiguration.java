package io.drover.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The Host allow-list before everything else, then the body limit, on every path of the main server. */
@Configuration(proxyBeanMethods = false)
class HostAllowListConfiguration {

  @Bean
  HostAllowList hostAllowList(SecurityProperties security, @Value("${drover.web.url:}") String webUrl,
      @Value("${drover.web.allowed-hosts:}") String allowedHosts) {
    return new HostAllowList(security.enabled(), webUrl, allowedHosts);
  }

  @Bean
  FilterRegistrationBean<HostAllowList> hostAllowListRegistration(HostAllowList hosts) {
    FilterRegistrationBean<HostAllowList> registration = new FilterRegistrationBean<>(hosts);
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  FilterRegistrationBean<BodyLimitFilter> bodyLimit(
      @Value("${drover.web.max-body:1MB}") org.springframework.util.unit.DataSize max) {
    FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(new BodyLimitFilter(
        max.toBytes()));
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
    return registration;
  }
}
