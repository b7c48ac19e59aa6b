package io.drover.approval.engine;

import io.drover.approval.ApprovalLogger;
import io.drover.approval.ApprovalDeciders;
import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.operation.Run;
import io.drover.operation.RunStore;
import io.drover.security.RequestOrigin;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completion listener of the approval task ({@code ${runApproval}}): whoever completes it, through
 * Tasklist or REST, must be signed in, hold the approver role, belong to the service's group and not
 * be the requester; the decision needs a reason. Who decided what, when and why goes to the journal
 * and the audit trail.
 */
@Component("runApproval")
public class RunApprovalListener implements TaskListener {

  private final ApprovalDeciders deciders;
  private final Journal journal;
  private final AuditTrail audit;
  private final RunStore runs;

  RunApprovalListener(ApprovalDeciders deciders, Journal journal, AuditTrail audit, RunStore runs) {
    this.deciders = deciders;
    this.runs = runs;
    this.journal = journal;
    this.audit = audit;
  }

  @Override
  public void notify(DelegateTask task) {
    Run run = runs.ofProcess(task.getExecution().getProcessBusinessKey());
    String runId = run.id();
    String service = run.service();
    String requester = run.requestedBy();
    ApprovalForm decider = ApprovalForm.decider(task);
    String approver = decider.approver();
    String origin = RequestOrigin.current();
    deciders.runRefusal(run, approver, decider.groups(), origin).ifPresent(why -> {
      audit.appendRefusal(approver == null ? "anonymous" : approver, origin, service, runId, "approval: " + why);
      throw new ApprovalRefusedException(ApprovalLogger.LOG.refused(why));
    });
    ApprovalForm form = decider.decision(task);
    if (form.approved() && !runs.approved(runId, approver)) {
      throw new ApprovalRefusedException(ApprovalLogger.LOG.notAwaitingApproval("run " + runId,
          run.status()));
    }
    String kind = form.kind();
    String detail = run.action().id() + " requested by " + requester + ": " + form.reason();
    journal.event(service, runId, kind, approver, detail);
    audit.append(kind, approver, null, service, runId, detail);
  }
}
