package io.drover.report;

import io.drover.inventory.ServiceSpec;
import io.drover.journal.AuditTrail;
import io.drover.journal.StepAttempt;
import io.drover.operation.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything an auditor asks of one run, gathered once: the run, its service (for the RTO), its
 * step attempts, what its log says of the preflight and the approval, its audit entries and the
 * whole chain's verification.
 */
public record RunEvidence(Run run, ServiceSpec service, List<StepAttempt> attempts, List<String> checks,
    List<AuditTrail.Entry> audit, AuditTrail.Verification chain, Instant generatedAt) {

  /** The same evidence with other audit entries (a plan's report lists all its services' at once). */
  public RunEvidence withAudit(List<AuditTrail.Entry> entries) {
    return new RunEvidence(run, service, attempts, checks, entries, chain, generatedAt);
  }

  /** How long the run took (so far, if it has not ended). */
  public Duration elapsed() {
    Instant end = run.endedAt() == null ? generatedAt : run.endedAt();
    return Duration.between(run.startedAt(), end);
  }

  /** How long the run waited for its approval (null: it needed none, or is not approved yet). */
  public Duration approvalWait() {
    return run.approvedAt() == null ? null : Duration.between(run.startedAt(), run.approvedAt());
  }

  /** How long the recovery took once approved: its steps, without the wait (null: no approval). */
  public Duration afterApproval() {
    if (run.approvedAt() == null) {
      return null;
    }
    Instant end = run.endedAt() == null ? generatedAt : run.endedAt();
    return Duration.between(run.approvedAt(), end);
  }

  /** Whether the run ended within the service's RTO (null: no RTO declared, or not ended). */
  public Boolean withinRto() {
    return service == null || service.rto() == null || run.endedAt() == null ? null
        : elapsed().compareTo(service.rto()) <= 0;
  }
}
