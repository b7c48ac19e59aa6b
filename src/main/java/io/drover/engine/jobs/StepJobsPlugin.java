package io.drover.engine.jobs;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.ExecuteJobHelper;
import org.springframework.stereotype.Component;

/**
 * The job side of steps: a watched step's job runs again later instead of failing
 * ({@link StepJobFailures}), without a stack trace in the log, and job creation does not scan the
 * class path for a datatype factory.
 */
@Component
class StepJobsPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setFailedJobCommandFactory(new StepJobFailures());
    quietWatches();
    namedDatatypeFactory();
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
