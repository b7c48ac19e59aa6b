package io.drover.approval.engine;

import io.drover.approval.ApprovalLogger;
import io.drover.plan.PlanLogger;
import io.drover.approval.ApprovalDeciders;
import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.plan.PlanRun;
import io.drover.plan.PlanSpec;
import io.drover.plan.PlanStore;
import io.drover.plan.Plans;
import io.drover.security.RequestOrigin;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completion listener of a plan's approval task ({@code ${planApproval}}): one four-eyes approval
 * for every service of the plan run. The approver must be signed in, hold the approver role, be in
 * the plan's group and every service's, come from an origin the plan and every service allow, and
 * not be the requester; the decision needs a reason. Plan and requester come
 * from the plan run's row, never from process variables.
 */
@Component("planApproval")
public class PlanApprovalListener implements TaskListener {

  private final PlanStore store;
  private final Plans plans;
  private final ApprovalDeciders deciders;
  private final Journal journal;
  private final AuditTrail audit;

  PlanApprovalListener(PlanStore store, Plans plans, ApprovalDeciders deciders, Journal journal, AuditTrail audit) {
    this.store = store;
    this.plans = plans;
    this.deciders = deciders;
    this.journal = journal;
    this.audit = audit;
  }

  @Override
  public void notify(DelegateTask task) {
    String id = task.getExecution().getProcessBusinessKey();
    PlanRun run = store.find(id).orElseThrow(() -> new IllegalStateException(PlanLogger.LOG.unknownPlanRun(id)));
    PlanSpec plan = plans.plan(run.plan()).orElseThrow();
    ApprovalForm decider = ApprovalForm.decider(task);
    String approver = decider.approver();
    String origin = RequestOrigin.current();
    deciders.planRefusal(run, plan, approver, decider.groups(), origin).ifPresent(why -> {
      audit.appendRefusal(approver == null ? "anonymous" : approver, origin, "plan:" + plan.name(), id,
          "approval: " + why);
      throw new ApprovalRefusedException(ApprovalLogger.LOG.refused(why));
    });
    ApprovalForm form = decider.decision(task);
    if (form.approved() && !store.approved(id, approver)) {
      throw new ApprovalRefusedException(ApprovalLogger.LOG.notAwaitingApproval("plan run " + id,
          run.status()));
    }
    String kind = form.kind();
    String detail = run.action() + " of plan " + plan.name() + " (" + run.services().size() + " services) requested by "
        + run.requestedBy() + ": " + form.reason();
    journal.log(id, String.format("%-22s by %s: %s", kind, approver, form.reason()));
    audit.append(kind, approver, origin, "plan:" + plan.name(), id, detail);
  }
}
