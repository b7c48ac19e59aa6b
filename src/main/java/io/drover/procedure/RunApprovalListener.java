package io.drover.procedure;

import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.operation.Run;
import io.drover.operation.RunStore;
import io.drover.security.AccessRules;
import io.drover.security.ApprovalRules;
import io.drover.security.RequestOrigin;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Completion listener of the approval task ({@code ${runApproval}}): whoever completes it, through
 * Tasklist or REST, must be signed in, hold the approver role, belong to the service's group and not
 * be the requester; the decision needs a reason. Who decided what, when and why goes to the journal
 * and the audit trail.
 */
@Component("runApproval")
class RunApprovalListener implements TaskListener {

  private static final Set<String> CHOICES = Set.of("approve", "reject");

  private final ApprovalRules rules;
  private final AccessRules access;
  private final Journal journal;
  private final AuditTrail audit;
  private final RunOfInstance runOf;
  private final RunStore runs;

  RunApprovalListener(ApprovalRules rules, AccessRules access, Journal journal, AuditTrail audit, RunOfInstance runOf,
      RunStore runs) {
    this.access = access;
    this.runOf = runOf;
    this.runs = runs;
    this.rules = rules;
    this.journal = journal;
    this.audit = audit;
  }

  @Override
  public void notify(DelegateTask task) {
    Run run = runOf.of(task);
    String runId = run.id();
    String service = run.service();
    String requester = run.requestedBy();
    Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String approver = auth == null ? null : auth.getUserId();
    List<String> groups = auth == null || auth.getGroupIds() == null ? List.of() : auth.getGroupIds();
    String origin = RequestOrigin.current();
    rules.refusal(approver, groups, service, requester).or(() -> access.originRefusal(service, origin))
        .ifPresent(why -> {
          audit.appendRefusal(approver == null ? "anonymous" : approver, origin, service, runId, "approval: " + why);
          throw new ApprovalRefusedException("DROVER-APPROVAL-001 " + why);
        });
    Object decision = task.getVariable(StepVariables.APPROVAL_DECISION);
    Object reason = task.getVariable(StepVariables.APPROVAL_REASON);
    if (decision == null || !CHOICES.contains(decision.toString())) {
      throw new FormFieldValidationException(StepVariables.APPROVAL_DECISION,
          "DROVER-APPROVAL-002 approvalDecision must be approve or reject");
    }
    if (reason == null || reason.toString().isBlank()) {
      throw new FormFieldValidationException(StepVariables.APPROVAL_REASON,
          "DROVER-APPROVAL-003 a decision needs a reason (approvalReason)");
    }
    task.setVariable(StepVariables.APPROVED_BY, approver);
    boolean approved = "approve".equals(decision);
    if (approved && !runs.approved(runId, approver)) {
      throw new ApprovalRefusedException("DROVER-APPROVAL-004 run " + runId + " is " + run.status()
          + ", not awaiting approval");
    }
    String kind = approved ? "APPROVED" : "REJECTED";
    String detail = run.action().id() + " requested by " + requester + ": " + reason;
    journal.event(service, runId, kind, approver, detail);
    audit.append(kind, approver, null, service, runId, detail);
  }
}
