package io.drover.engine;

import io.drover.engine.step.RunOfInstance;
import io.drover.engine.step.StepVariables;
import io.drover.approval.engine.ApprovalRefusedException;
import io.drover.journal.AuditTrail;
import io.drover.journal.Journal;
import io.drover.security.engine.DecisionRules;
import io.drover.operation.Run;
import io.drover.operation.RunStore;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Completion listener of the operator's decision task ({@code camunda:taskListener event="complete"
 * delegateExpression="${stepDecision}"}): refuses a decision without a valid choice and a reason,
 * and journals who decided what and why. Skip counts as a warning, abort as a failure (DIE).
 */
@Component("stepDecision")
class StepDecisionListener implements TaskListener {

  private static final Set<String> CHOICES = Set.of("retry", "skip", "abort");

  private final Journal journal;
  private final RunStore runs;
  private final AuditTrail audit;
  private final RunOfInstance runOf;
  private final DecisionRules rules;

  StepDecisionListener(Journal journal, RunStore runs, AuditTrail audit, RunOfInstance runOf, DecisionRules rules) {
    this.journal = journal;
    this.runs = runs;
    this.audit = audit;
    this.runOf = runOf;
    this.rules = rules;
  }

  @Override
  public void notify(DelegateTask task) {
    Run run = runOf.of(task);
    String runId = run.id();
    String service = run.service();
    Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    rules.refusal(auth, service).ifPresent(why -> {
      audit.appendRefusal(auth == null || auth.getUserId() == null ? "anonymous" : auth.getUserId(), null, service,
          runId, "decision: " + why);
      throw new ApprovalRefusedException(EngineLogger.LOG.decisionRefused(why));
    });
    Object decision = task.getVariable(StepVariables.DECISION);
    Object reason = task.getVariable(StepVariables.DECISION_REASON);
    if (decision == null || !CHOICES.contains(decision.toString())) {
      throw new FormFieldValidationException(StepVariables.DECISION, EngineLogger.LOG.badDecision());
    }
    if (reason == null || reason.toString().isBlank()) {
      throw new FormFieldValidationException(StepVariables.DECISION_REASON, EngineLogger.LOG.decisionWithoutReason());
    }
    String step = (String) task.getVariable(StepVariables.FAILED_STEP_NAME);
    String actor = auth != null ? auth.getUserId() : task.getAssignee() != null ? task.getAssignee() : "unknown";
    journal.event(service, runId, "DECISION", actor, decision + " after failed step '" + step + "': " + reason);
    audit.append("DECISION", actor, null, service, runId, decision + " after failed step '" + step + "': " + reason);
    if ("skip".equals(decision)) {
      runs.warned(runId);
    } else if ("abort".equals(decision)) {
      runs.died(runId, step);
    }
  }
}
