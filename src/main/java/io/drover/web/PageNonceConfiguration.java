package io.drover.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Registers {@link PageNonceFilter} on the web apps' pages, before Camunda's own filters. */
@Configuration
class PageNonceConfiguration {

  @Bean
  FilterRegistrationBean<PageNonceFilter> pageNonceFilter() {
    FilterRegistrationBean<PageNonceFilter> registration = new FilterRegistrationBean<>(new PageNonceFilter());
    registration.addUrlPatterns("/camunda/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
    return registration;
  }
}
