package io.drover.remote;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * SSH sessions kept open for the duration of a run: all steps of a run on the same host share
 * one session. Closed when the run ends, or after being idle (a run ended on another node).
 */
@Component
public class RunConnections {

  private static final Logger LOG = LoggerFactory.getLogger(RunConnections.class);
  private static final Duration IDLE_LIMIT = Duration.ofMinutes(15);

  private record Entry(SshConnection connection, long lastUsed) {
  }

  private final SshConnector connector;
  private final Map<String, Entry> open = new ConcurrentHashMap<>();
  /** Every host each running run has reached, for the clean-up of its fenced attempts. */
  private final Map<String, Map<String, SshTarget>> touched = new ConcurrentHashMap<>();

  private final String attemptDir;

  public RunConnections(SshConnector connector, SshProperties ssh) {
    this.connector = connector;
    this.attemptDir = ssh.attemptDir();
  }

  /** The run's open session to the host, or a new one. */
  public SshConnection get(String runId, SshTarget target) throws RemoteException {
    String key = runId + "|" + target.name();
    Entry entry = open.get(key);
    if (entry != null && entry.connection().isOpen()) {
      open.put(key, new Entry(entry.connection(), System.nanoTime()));
      return entry.connection();
    }
    if (entry != null) {
      entry.connection().close();
    }
    SshConnection connection = connector.connect(target);
    open.put(key, new Entry(connection, System.nanoTime()));
    touched.computeIfAbsent(runId, r -> new ConcurrentHashMap<>()).put(target.name(), target);
    return connection;
  }

  /** Drops a session that failed, so the next attempt connects afresh. */
  public void discard(String runId, String host) {
    Entry entry = open.remove(runId + "|" + host);
    if (entry != null) {
      entry.connection().close();
    }
  }

  /**
   * Removes the run's fenced attempts from every host the run reached (connecting again where its
   * session was dropped), then closes the run's sessions. A host that cannot be reached keeps its
   * directory; the next run's clean-up does not know it, so it is logged.
   */
  public void closeRun(String runId) {
    Map<String, SshTarget> hosts = touched.remove(runId);
    if (hosts != null) {
      hosts.values().forEach(target -> removeAttempts(runId, target));
      touched.remove(runId);
    }
    open.entrySet().removeIf(e -> {
      if (e.getKey().startsWith(runId + "|")) {
        e.getValue().connection().close();
        return true;
      }
      return false;
    });
  }

  private void removeAttempts(String runId, SshTarget target) {
    try {
      get(runId, target).removeAttempts(attemptDir + "/" + runId);
    } catch (RemoteException e) {
      RemoteLogger.LOG.cannotRemoveFence(attemptDir, runId, target, e.getMessage());
    }
  }

  @Scheduled(fixedDelay = 60_000)
  void closeIdle() {
    long limit = System.nanoTime() - IDLE_LIMIT.toNanos();
    open.entrySet().removeIf(e -> {
      if (e.getValue().lastUsed() < limit || !e.getValue().connection().isOpen()) {
        LOG.debug("closing idle SSH session {}", e.getKey());
        e.getValue().connection().close();
        return true;
      }
      return false;
    });
    // runs that ended on another node: nothing of theirs is open here any more
    touched.keySet().removeIf(runId -> open.keySet().stream().noneMatch(k -> k.startsWith(runId + "|")));
  }
}
