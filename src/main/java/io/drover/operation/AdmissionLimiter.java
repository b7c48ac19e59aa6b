package io.drover.operation;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Lets at most {@code drover.admission.concurrency} (default 4) run requests be admitted at once;
 * the others wait here, in memory, instead of each holding a pooled database connection while they
 * queue for the audit chain's head: a burst of requests then never starves the steps, the journal or
 * each other of connections. A request that waits longer than {@code drover.admission.wait}
 * (default 20 s) is refused with 429.
 */
@Component
public class AdmissionLimiter {

  private final Semaphore permits;
  private final Duration wait;

  public AdmissionLimiter(@Value("${drover.admission.concurrency:4}") int concurrency,
      @Value("${drover.admission.wait:PT20S}") Duration wait) {
    this.permits = new Semaphore(concurrency, true);
    this.wait = wait;
  }

  public <T> T admit(Supplier<T> admission) {
    boolean acquired;
    try {
      acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "busy", "more run requests arrived at once than Drover"
          + " admits within " + wait + "; send this one again");
    }
    try {
      return admission.get();
    } finally {
      permits.release();
    }
  }
}
