package io.drover.security;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class RefusalAuditConfiguration {

  /**
   * Around every other filter, on every path ({@code /api}, {@code /engine-rest}, {@code /camunda},
   * {@code /drover-web}, ...): a 401 or 403 leaves the server only with an audit entry.
   */
  @Bean
  FilterRegistrationBean<RefusalAuditFilter> refusalAuditFilter(RefusalAudit audit, AccessRules rules,
      SecurityProperties security) {
    FilterRegistrationBean<RefusalAuditFilter> registration = new FilterRegistrationBean<>(new RefusalAuditFilter(audit,
        rules, security));
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
    return registration;
  }
}
