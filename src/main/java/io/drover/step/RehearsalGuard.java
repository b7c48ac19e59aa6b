package io.drover.step;

import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The run-time side of {@link RehearsalRules}: under a rehearsal run, a step that would change
 * production does not run. It fails at once under DIE, with why in its journal row, and the refusal
 * is an audit entry ({@code REHEARSAL_REFUSED}). The linter refuses such a step before deployment
 * already; this holds when a model got past it.
 */
@Component
public class RehearsalGuard {

  private final HostResolver hosts;
  private final AuditTrail audit;
  private final Journal journal;

  public RehearsalGuard(HostResolver hosts, AuditTrail audit, Journal journal) {
    this.hosts = hosts;
    this.audit = audit;
    this.journal = journal;
  }

  /** {@code type} as a rehearsal step: itself when it may run, else a step that fails saying why. */
  public StepType guard(StepType type, StepRequest request, String stepName) {
    Optional<String> refusal = RehearsalRules.refusal(type.contract(), request.parameters(),
        host -> hosts.onPrimary(request.service(), host));
    if (refusal.isEmpty()) {
      return type;
    }
    String message = "step " + stepName + " may not run in a rehearsal: " + refusal.get();
    audit.append("REHEARSAL_REFUSED", "drover", null, request.service(), request.runId(), message);
    journal.log(request.runId(), String.format("%-22s %s", "REHEARSAL_REFUSED", message));
    return new Refused(type, message);
  }

  /** A step that fails at once, touching no host. */
  private record Refused(StepType type, String message) implements StepType {

    @Override
    public StepContract contract() {
      return type.contract();
    }

    @Override
    public String name() {
      return type.name();
    }

    @Override
    public StepResult execute(StepRequest request, AttemptRecorder recorder) throws StepFailure {
      throw new StepFailure(FailureReason.CONFIGURATION, message, null, null, null, null);
    }
  }
}
