package io.drover.support;

import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/** Lets camunda-bpm-assert look at an instance that has already ended, through its history. */
public record HistoricInstance(HistoricProcessInstance history) implements ProcessInstance {

  @Override
  public String getProcessDefinitionId() {
    return history.getProcessDefinitionId();
  }

  @Override
  public String getProcessDefinitionKey() {
    return history.getProcessDefinitionKey();
  }

  @Override
  public String getBusinessKey() {
    return history.getBusinessKey();
  }

  @Override
  public String getRootProcessInstanceId() {
    return history.getRootProcessInstanceId();
  }

  @Override
  public String getCaseInstanceId() {
    return history.getCaseInstanceId();
  }

  @Override
  public boolean isSuspended() {
    return false;
  }

  @Override
  public String getId() {
    return history.getId();
  }

  @Override
  public boolean isEnded() {
    return history.getEndTime() != null;
  }

  @Override
  public String getProcessInstanceId() {
    return history.getId();
  }

  @Override
  public String getTenantId() {
    return history.getTenantId();
  }
}
