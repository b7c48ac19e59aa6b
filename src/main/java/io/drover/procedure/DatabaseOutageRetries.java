package io.drover.procedure;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Date;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * A step job that failed because the database went away (its commit, or the journal's write, could
 * not reach PostgreSQL) is not a failed attempt: it is run again after {@link #PAUSE} without using
 * up one of its retries, so it never becomes an incident for that. Run again, the step finds its
 * outcome in the journal or on the host and applies it; it does not run its command again. Any
 * other failure is Camunda's as before (retries, then an incident).
 */
class DatabaseOutageRetries implements FailedJobCommandFactory {

  static final Duration PAUSE = Duration.ofSeconds(10);

  @Override
  public Command<Object> getCommand(String jobId, Throwable exception) {
    return databaseAway(exception) ? context -> {
      JobEntity job = context.getJobManager().findJobById(jobId);
      if (job != null) {
        job.unlock();
        job.setDuedate(new Date(ClockUtil.getCurrentTime().getTime() + PAUSE.toMillis()));
      }
      return null;
    } : new DefaultJobRetryCmd(jobId, exception);
  }

  /** Whether the failure is the database's: no connection, a broken one, or the server shutting down. */
  static boolean databaseAway(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
          || cause instanceof TransactionSystemException || cause instanceof java.sql.SQLTransientConnectionException
          || cause instanceof java.sql.SQLNonTransientConnectionException || cause instanceof java.net.ConnectException) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08")
          || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
