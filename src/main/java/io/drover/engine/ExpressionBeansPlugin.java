package io.drover.engine;

import io.drover.approval.engine.PlanApprovalListener;
import io.drover.approval.engine.RunApprovalListener;
import io.drover.engine.step.StepDelegate;
import io.drover.plan.engine.PlanServiceCall;
import io.drover.plan.engine.PlanServiceEnd;
import io.drover.plan.engine.PlanServiceStart;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Limits what a BPMN expression can reach to Drover's step delegates and listeners, never the secret
 * store or any other bean, and evaluates no expression outside a procedure (stored filters, queries);
 * names at start the stored filters that hold one.
 */
@Component
class ExpressionBeansPlugin extends AbstractProcessEnginePlugin {

  private final Map<Object, Object> beans = new HashMap<>();
  private final ApplicationContext context;

  ExpressionBeansPlugin(Map<String, StepDelegate> steps, RunApprovalListener runApproval,
      StepDecisionListener stepDecision, ApprovedProcedureStart startApprovedProcedure, PlanServiceStart planServiceStart,
      PlanServiceCall planServiceCall, PlanServiceEnd planServiceEnd, PlanApprovalListener planApproval,
      ApplicationContext context) {
    this.context = context;
    beans.putAll(steps);
    beans.put("runApproval", runApproval);
    beans.put("stepDecision", stepDecision);
    beans.put("startApprovedProcedure", startApprovedProcedure);
    beans.put("planServiceStart", planServiceStart);
    beans.put("planServiceCall", planServiceCall);
    beans.put("planServiceEnd", planServiceEnd);
    beans.put("planApproval", planApproval);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setBeans(beans);
    // the Spring configuration made its expression manager when it got the application context, before
    // any plugin ran, with every bean in reach: replace it with one that sees only these
    configuration.setExpressionManager(new SpringExpressionManager(context, beans));
    configuration.setEnableExpressionsInStoredQueries(false);
    configuration.setEnableExpressionsInAdhocQueries(false);
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    StoredFilterExpressions.report(engine.getFilterService());
  }
}
