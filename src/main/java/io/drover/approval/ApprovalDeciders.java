package io.drover.approval;

import io.drover.plan.PlanLogger;
import io.drover.operation.Run;
import io.drover.operation.RunStore;
import io.drover.plan.PlanAccess;
import io.drover.plan.PlanRun;
import io.drover.plan.PlanSpec;
import io.drover.plan.PlanStore;
import io.drover.plan.Plans;
import io.drover.security.AccessRules;
import io.drover.security.ApprovalRules;
import java.util.Collection;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who may decide an approval task, a run's or a plan run's: one rule for claiming the task (the REST
 * gate asks before Tasklist's claim reaches the engine) and for completing it (the approval listeners).
 * Service, plan and requester come from the run's row, found by the task's business key.
 */
@Component
public class ApprovalDeciders {

  private final RunStore runs;
  private final ApprovalRules rules;
  private final AccessRules access;
  private final PlanStore planRuns;
  private final Plans plans;
  private final PlanAccess planAccess;

  ApprovalDeciders(RunStore runs, ApprovalRules rules, AccessRules access, PlanStore planRuns, Plans plans,
      PlanAccess planAccess) {
    this.runs = runs;
    this.rules = rules;
    this.access = access;
    this.planRuns = planRuns;
    this.plans = plans;
    this.planAccess = planAccess;
  }

  /** Whether tasks of this form are approvals this class decides on. */
  public static boolean isApproval(String formKey) {
    return ApprovalVariables.APPROVAL_PROCESS.equals(formKey) || ApprovalVariables.PLAN_APPROVAL_FORM.equals(formKey);
  }

  /**
   * Empty when {@code user}, holding {@code groups} (roles count as groups), may decide the approval
   * task of form {@code formKey} whose process has {@code businessKey}, from {@code origin}; otherwise
   * one sentence saying why not and who may.
   */
  public Optional<String> refusal(String formKey, String businessKey, String user, Collection<String> groups,
      String origin) {
    if (ApprovalVariables.PLAN_APPROVAL_FORM.equals(formKey)) {
      PlanRun run = planRuns.find(businessKey).orElseThrow(() -> new IllegalStateException(
          PlanLogger.LOG.unknownPlanRun(businessKey)));
      return planRefusal(run, plans.plan(run.plan()).orElseThrow(), user, groups, origin);
    }
    return runRefusal(runs.ofProcess(businessKey), user, groups, origin);
  }

  /** What the approval task decides on, for the audit trail: the run's service, or {@code plan:<name>}. */
  public String subject(String formKey, String businessKey) {
    return ApprovalVariables.PLAN_APPROVAL_FORM.equals(formKey)
        ? planRuns.find(businessKey).map(run -> "plan:" + run.plan()).orElse(null)
        : runs.find(businessKey).map(Run::service).orElse(null);
  }

  public Optional<String> runRefusal(Run run, String user, Collection<String> groups, String origin) {
    return rules.refusal(user, groups, run.service(), run.requestedBy())
        .or(() -> access.originRefusal(run.service(), origin));
  }

  public Optional<String> planRefusal(PlanRun run, PlanSpec plan, String user, Collection<String> groups, String origin) {
    return planAccess.approvalRefusal(user, groups, plan, run.requestedBy(), origin);
  }
}
