package io.drover.security;

import io.drover.journal.AuditTrail;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Writes refused HTTP requests to the audit trail, at most {@code drover.security.refusals-per-minute}
 * (default 60) per origin and minute: each entry takes the chain's head lock, so an anonymous client must not be able to make
 * every other writer wait. The first refusal over the limit writes one {@code REFUSALS_THROTTLED}
 * entry; the rest of that minute's refusals from that origin are answered but not written.
 */
@Component
public class RefusalAudit {

  private static final int MAX_ORIGINS = 10_000;

  private record Window(long minute, AtomicInteger count) {
  }

  private final AuditTrail audit;
  private final Clock clock;
  private final int perMinute;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  @Autowired
  public RefusalAudit(AuditTrail audit, @Value("${drover.security.refusals-per-minute:60}") int perMinute) {
    this(audit, Clock.systemUTC(), perMinute);
  }

  RefusalAudit(AuditTrail audit, Clock clock, int perMinute) {
    this.audit = audit;
    this.clock = clock;
    this.perMinute = perMinute;
  }

  /** Records a refusal in a transaction of its own, unless its origin is over the limit. */
  public void refused(String actor, String origin, String service, String detail) {
    refused(actor, origin, service, null, detail);
  }

  /** The same, for a refusal that concerns one run (or plan run). */
  public void refused(String actor, String origin, String service, String runId, String detail) {
    long minute = clock.millis() / 60_000;
    String key = origin == null ? "-" : origin;
    if (windows.size() > MAX_ORIGINS) {
      windows.clear();
    }
    Window window = windows.compute(key, (k, w) -> w == null || w.minute() != minute ? new Window(minute,
        new AtomicInteger()) : w);
    int count = window.count().incrementAndGet();
    if (count <= perMinute) {
      audit.appendRefusal(actor, origin, service, runId, detail);
    } else if (count == perMinute + 1) {
      audit.appendRefusal("drover", origin, null, null, "REFUSALS_THROTTLED: more than " + perMinute
          + " refusals from " + key + " this minute; the rest of the minute's are answered but not written");
    } else {
      AuditTrail.refusalNotWritten();
    }
  }
}
