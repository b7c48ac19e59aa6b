package io.drover.engine;

import io.drover.engine.jobs.StepJobFailures;
import io.drover.engine.jobs.StepWatchException;
import io.drover.engine.step.StepDelegate;
import io.drover.plan.engine.PlanEndListener;
import io.drover.plan.engine.PlanServiceCall;
import io.drover.plan.engine.PlanServiceEnd;
import io.drover.plan.engine.PlanServiceStart;
import io.drover.approval.engine.ApprovalEndListener;
import io.drover.approval.engine.PlanApprovalListener;
import io.drover.approval.engine.RunApprovalListener;
import io.drover.operation.RunFinisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.ExecuteJobHelper;
import org.springframework.stereotype.Component;

/**
 * Installs Drover's parse listener in the engine, and limits what a BPMN expression can reach to
 * Drover's step delegates and listeners: never the secret store or any other bean. No expression
 * is evaluated outside a procedure (stored filters, queries), and a task is completed only with its
 * form's fields.
 */
@Component
class DroverEnginePlugin extends AbstractProcessEnginePlugin {

  private final ProcedureProperties properties;
  private final RunFinisher finisher;
  private final Map<Object, Object> expressionBeans = new HashMap<>();
  private final io.drover.plan.PlanScheduler planScheduler;
  private final StepDecisionListener stepDecision;
  private final org.springframework.context.ApplicationContext applicationContext;

  DroverEnginePlugin(ProcedureProperties properties, RunFinisher finisher, Map<String, StepDelegate> steps,
      RunApprovalListener runApproval, StepDecisionListener stepDecision, ApprovedProcedureStart startApprovedProcedure,
      PlanServiceStart planServiceStart, PlanServiceCall planServiceCall, PlanServiceEnd planServiceEnd,
      PlanApprovalListener planApproval, io.drover.plan.PlanScheduler planScheduler,
      org.springframework.context.ApplicationContext applicationContext) {
    this.applicationContext = applicationContext;
    this.planScheduler = planScheduler;
    this.stepDecision = stepDecision;
    expressionBeans.put("planServiceStart", planServiceStart);
    expressionBeans.put("planServiceCall", planServiceCall);
    expressionBeans.put("planServiceEnd", planServiceEnd);
    expressionBeans.put("planApproval", planApproval);
    this.properties = properties;
    this.finisher = finisher;
    expressionBeans.putAll(steps);
    expressionBeans.put("runApproval", runApproval);
    expressionBeans.put("stepDecision", stepDecision);
    expressionBeans.put("startApprovedProcedure", startApprovedProcedure);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreBPMNParseListeners() == null) {
      configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPreBPMNParseListeners()
        .add(new StepParseListener(properties.retryDelay(), new RunEndListener(finisher),
        new ApprovalEndListener(finisher), new PlanEndListener(planScheduler), stepDecision));
    configuration.setBeans(expressionBeans);
    // the Spring configuration made its expression manager when it got the application context, before
    // any plugin ran, with every bean in reach: replace it with one that sees only these
    configuration.setExpressionManager(new org.camunda.bpm.engine.spring.SpringExpressionManager(applicationContext,
        expressionBeans));
    configuration.setFailedJobCommandFactory(new StepJobFailures());
    // completions carry only their form's fields, whatever the path (the REST gate checks it first)
    configuration.setTaskService(new FormFieldsTaskService());
    configuration.setFormService(new FormFieldsFormService());
    // no expression is evaluated outside a procedure: not in a stored filter, not in a query
    configuration.setEnableExpressionsInStoredQueries(false);
    configuration.setEnableExpressionsInAdhocQueries(false);
    quietWatches();
    namedDatatypeFactory();
  }

  @Override
  public void postProcessEngineBuild(org.camunda.bpm.engine.ProcessEngine engine) {
    StoredFilterExpressions.report(engine.getFilterService());
  }

  /**
   * Names the JDK's own {@code DatatypeFactory}, the one found anyway: the engine makes one for every
   * job it creates (a step's retry cycle is parsed as durations), and unnamed, each look-up scans
   * every jar of the server for a service file that none has (about a millisecond a step).
   */
  private static void namedDatatypeFactory() {
    if (System.getProperty(javax.xml.datatype.DatatypeFactory.DATATYPEFACTORY_PROPERTY) == null) {
      System.setProperty(javax.xml.datatype.DatatypeFactory.DATATYPEFACTORY_PROPERTY,
          javax.xml.datatype.DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
    }
  }

  /** A step watched on its host is not an exception worth a stack trace in the server's log. */
  private static synchronized void quietWatches() {
    // the engine also logs every exception that ends a command (ENGINE-16004) as an error
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback
        && logback.getTurboFilterList().stream().noneMatch(QuietWatchLogs.class::isInstance)) {
      logback.addTurboFilter(new QuietWatchLogs());
    }
    ExecuteJobHelper.ExceptionLoggingHandler camunda = ExecuteJobHelper.LOGGING_HANDLER;
    if (camunda instanceof QuietWatches) {
      return;
    }
    ExecuteJobHelper.LOGGING_HANDLER = (QuietWatches) (jobId, exception) -> {
      if (StepWatchException.in(exception) == null) {
        camunda.exceptionWhileExecutingJob(jobId, exception);
      }
    };
  }

  /** Drops log events about a {@link StepWatchException}: a step watched on its host is no error. */
  static final class QuietWatchLogs extends ch.qos.logback.classic.turbo.TurboFilter {

    @Override
    public ch.qos.logback.core.spi.FilterReply decide(org.slf4j.Marker marker, ch.qos.logback.classic.Logger logger,
        ch.qos.logback.classic.Level level, String format, Object[] params, Throwable t) {
      if (StepWatchException.in(t) != null) {
        return ch.qos.logback.core.spi.FilterReply.DENY;
      }
      if (params != null) {
        for (Object param : params) {
          if (param instanceof Throwable thrown && StepWatchException.in(thrown) != null) {
            return ch.qos.logback.core.spi.FilterReply.DENY;
          }
        }
      }
      return ch.qos.logback.core.spi.FilterReply.NEUTRAL;
    }
  }

  private interface QuietWatches extends ExecuteJobHelper.ExceptionLoggingHandler {
  }

}
