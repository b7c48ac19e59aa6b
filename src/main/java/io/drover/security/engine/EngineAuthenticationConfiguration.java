package io.drover.security.engine;

import io.drover.approval.ApprovalDeciders;
import io.drover.operation.RunStore;
import io.drover.security.AccessRules;
import io.drover.security.RefusalAudit;
import io.drover.security.RequestOrigin;
import io.drover.security.SameOriginFilter;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class EngineAuthenticationConfiguration {

  /** The request's origin, for the approval and decision listeners' origin rules. */
  @Bean
  FilterRegistrationBean<RequestOrigin> requestOrigin(AccessRules rules) {
    FilterRegistrationBean<RequestOrigin> registration = new FilterRegistrationBean<>(new RequestOrigin(rules));
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*", "/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }

  /**
   * First of all (after the Host allow-list): no writes from a web page of another origin, on every
   * path (the API, the engine's REST API, the web apps and their sign-out, anything else).
   */
  @Bean
  FilterRegistrationBean<SameOriginFilter> sameOriginFilter() {
    FilterRegistrationBean<SameOriginFilter> registration = new FilterRegistrationBean<>(new SameOriginFilter());
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /**
   * Before Camunda's own filters and resources, on both its REST API and the web apps' copy of it:
   * what nobody may do through them.
   */
  @Bean
  FilterRegistrationBean<EngineRestGate> engineRestGate(TaskService tasks, RuntimeService runtime, RefusalAudit audit,
      AccessRules access, ApprovalDeciders approvals, DecisionRules decisions, RunStore runs) {
    FilterRegistrationBean<EngineRestGate> registration = new FilterRegistrationBean<>(new EngineRestGate(tasks, audit,
        access, new TaskDecisionGate(tasks, runtime, approvals, decisions, runs)));
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
    // right after Spring Security (-100), so the caller is known for the audit entry
    registration.setOrder(-99);
    return registration;
  }

  /** Runs after Spring Security's filter chain, on Camunda's REST API only. */
  @Bean
  FilterRegistrationBean<EngineAuthenticationFilter> engineAuthenticationFilter(IdentityService identity) {
    FilterRegistrationBean<EngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new EngineAuthenticationFilter(identity));
    registration.addUrlPatterns("/engine-rest/*");
    registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
    return registration;
  }
}
