package io.drover.engine;

import io.drover.preflight.PlannedSteps;
import io.drover.approval.engine.ApprovalRefusedException;
import io.drover.approval.ApprovalVariables;
import io.drover.operation.ApprovalDecisionRefused;
import io.drover.operation.ProcedureLauncher;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * Starts procedures, or their approval first, as Camunda process instances; the run id is the
 * business key of both.
 */
@Component
class CamundaProcedureLauncher implements ProcedureLauncher {

  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final org.camunda.bpm.engine.TaskService tasks;
  private final org.camunda.bpm.engine.IdentityService identity;

  CamundaProcedureLauncher(RepositoryService repository, RuntimeService runtime,
      org.camunda.bpm.engine.TaskService tasks, org.camunda.bpm.engine.IdentityService identity) {
    this.tasks = tasks;
    this.identity = identity;
    this.repository = repository;
    this.runtime = runtime;
  }

  @Override
  public boolean isDeployed(String procedureId) {
    return repository.createProcessDefinitionQuery().processDefinitionKey(procedureId).latestVersion().count() > 0;
  }

  /** Model hashes by process definition id: a definition never changes, a new version gets a new id. */
  private final java.util.Map<String, String> modelHashes = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public String modelHash(String procedureId) {
    org.camunda.bpm.engine.repository.ProcessDefinition latest = repository.createProcessDefinitionQuery()
        .processDefinitionKey(procedureId).latestVersion().singleResult();
    return latest == null ? null : modelHashes.computeIfAbsent(latest.getId(), id -> hash(latest, procedureId));
  }

  private String hash(org.camunda.bpm.engine.repository.ProcessDefinition latest, String procedureId) {
    try (java.io.InputStream model = repository.getResourceAsStream(latest.getDeploymentId(), latest.getResourceName())) {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(model.readAllBytes()));
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot read the model of procedure " + procedureId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String startAt(String procedureId, String runId, Map<String, Object> variables, String stepId) {
    return runtime.createProcessInstanceByKey(procedureId).businessKey(runId).setVariables(variables)
        .startBeforeActivity(stepId).execute().getId();
  }

  @Override
  public boolean hasStep(String procedureId, String stepId) {
    org.camunda.bpm.engine.repository.ProcessDefinition latest = repository.createProcessDefinitionQuery()
        .processDefinitionKey(procedureId).latestVersion().singleResult();
    return latest != null && repository.getBpmnModelInstance(latest.getId()).getModelElementById(stepId)
        instanceof org.camunda.bpm.model.bpmn.instance.Activity;
  }

  @Override
  public String start(String procedureId, String runId, Map<String, Object> variables) {
    return runtime.startProcessInstanceByKey(procedureId, runId, variables).getId();
  }

  @Override
  public void decideApproval(String businessKey, String user, java.util.Collection<String> groups, String decision,
      String reason) {
    org.camunda.bpm.engine.task.Task task = tasks.createTaskQuery().processInstanceBusinessKey(businessKey)
        .taskDefinitionKeyIn("UserTask_Approve", "Task_Approve").singleResult();
    if (task == null) {
      throw new ApprovalDecisionRefused(ApprovalDecisionRefused.Why.NOT_AWAITING, businessKey + " is not awaiting approval");
    }
    identity.setAuthentication(user, new java.util.ArrayList<>(groups));
    try {
      Map<String, Object> form = new HashMap<>();
      form.put(ApprovalVariables.APPROVAL_DECISION, decision);
      form.put(ApprovalVariables.APPROVAL_REASON, reason);
      tasks.complete(task.getId(), form);
    } catch (RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
        if (cause instanceof ApprovalRefusedException) {
          throw new ApprovalDecisionRefused(ApprovalDecisionRefused.Why.REFUSED, cause.getMessage().replaceFirst("^DROVER-"
              + "APPROVAL-00\\d ", ""));
        }
        if (cause instanceof org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException) {
          throw new ApprovalDecisionRefused(ApprovalDecisionRefused.Why.BAD_DECISION, cause.getMessage().replaceFirst("^DROVER-"
              + "APPROVAL-00\\d ", ""));
        }
      }
      throw e;
    } finally {
      identity.clearAuthentication();
    }
  }

  @Override
  public void cancel(String processInstanceId, String reason) {
    if (runtime.createProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0) {
      runtime.deleteProcessInstance(processInstanceId, reason);
    }
  }

  @Override
  public String plannedSteps(String procedureId) {
    String definition = repository.createProcessDefinitionQuery().processDefinitionKey(procedureId).latestVersion()
        .singleResult().getId();
    return PlannedSteps.text(PlannedSteps.of(repository.getBpmnModelInstance(definition), procedureId));
  }

  @Override
  public String startApproval(String procedureId, String runId, Map<String, Object> variables, Approval approval) {
    Map<String, Object> all = new HashMap<>(variables);
    all.put(ApprovalVariables.PROCEDURE, procedureId);
    all.put(ApprovalVariables.REQUESTED_BY, approval.requestedBy());
    all.put(ApprovalVariables.REQUEST_REASON, approval.reason() == null ? "(none given)" : approval.reason());
    all.put(ApprovalVariables.APPROVER_GROUP, approval.approverGroup());
    all.put(ApprovalVariables.APPROVAL_TIMEOUT, approval.timeout().toString());
    all.put(ApprovalVariables.PLANNED_STEPS, plannedSteps(procedureId));
    return runtime.startProcessInstanceByKey(ApprovalVariables.APPROVAL_PROCESS, runId, all).getId();
  }
}
