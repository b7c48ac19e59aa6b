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

  public RunConnections(SshConnector connector) {
    this.connector = connector;
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
    return connection;
  }

  /** Drops a session that failed, so the next attempt connects afresh. */
  public void discard(String runId, String host) {
    Entry entry = open.remove(runId + "|" + host);
    if (entry != null) {
      entry.connection().close();
    }
  }

  /** Closes every session of a run. */
  public void closeRun(String runId) {
    open.entrySet().removeIf(e -> {
      if (e.getKey().startsWith(runId + "|")) {
        e.getValue().connection().close();
        return true;
      }
      return false;
    });
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
  }
}
