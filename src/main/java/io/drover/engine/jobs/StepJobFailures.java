package io.drover.engine.jobs;

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
 * How a step's job that did not complete is handled. A job ended by a {@link StepWatchException}
 * did not fail: its command runs on, detached, on its host, and the job is unlocked and due again
 * after the watch's pause, with its retries untouched. A step job that failed because the database went away (its commit, or the journal's write, could
 * not reach PostgreSQL) is not a failed attempt: it is run again after {@link #PAUSE} without using
 * up one of its retries, so it never becomes an incident for that. Run again, the step finds its
 * outcome in the journal or on the host and applies it; it does not run its command again. Any
 * other failure is Camunda's as before (retries, then an incident).
 */
public class StepJobFailures implements FailedJobCommandFactory {

  static final Duration PAUSE = Duration.ofSeconds(10);

  @Override
  public Command<Object> getCommand(String jobId, Throwable exception) {
    StepWatchException watch = StepWatchException.in(exception);
    if (watch != null) {
      return dueAgain(jobId, watch.pause());
    }
    if (conflict(exception)) {
      // another transaction changed the same rows first (e.g. two services of a plan ending at one
      // join): nothing was done, so the job simply runs again
      return dueAgain(jobId, Duration.ZERO);
    }
    return databaseAway(exception) ? dueAgain(jobId, PAUSE) : new DefaultJobRetryCmd(jobId, exception);
  }

  /** Unlocks the job and makes it due after {@code pause}, its retries untouched: no incident follows. */
  private static Command<Object> dueAgain(String jobId, Duration pause) {
    return context -> {
      JobEntity job = context.getJobManager().findJobById(jobId);
      if (job != null) {
        job.unlock();
        job.setDuedate(new Date(ClockUtil.getCurrentTime().getTime() + pause.toMillis()));
      }
      return null;
    };
  }

  static boolean conflict(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof org.camunda.bpm.engine.OptimisticLockingException) {
        return true;
      }
    }
    return false;
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
