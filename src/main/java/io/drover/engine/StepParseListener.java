package io.drover.engine;

import io.drover.engine.step.StepDelegates;
import io.drover.engine.step.StepInputs;
import io.drover.engine.step.StepVariables;
import io.drover.approval.ApprovalVariables;
import io.drover.step.FailurePolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.DefaultFailedJobParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.FailedJobRetryConfiguration;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Enforces Drover's rules on every deployed procedure, whatever the model says: every service
 * task is async before (a save point before each remote call), its failure policy is parsed and
 * turned into a job retry cycle, a WARN or ASK step has an error boundary event to continue on,
 * and the end of the process ends the run (the end of the built-in approval process ends it only
 * when the run was not approved).
 */
class StepParseListener extends AbstractBpmnParseListener {

  private static final Pattern CYCLE_COUNT = Pattern.compile("R(\\d+)/.*");

  private final Duration defaultRetryDelay;
  private final ExecutionListener runEndListener;
  private final ExecutionListener approvalEndListener;
  private final ExecutionListener planEndListener;
  private final TaskListener stepDecision;

  StepParseListener(Duration defaultRetryDelay, ExecutionListener runEndListener,
      ExecutionListener approvalEndListener, ExecutionListener planEndListener, TaskListener stepDecision) {
    this.planEndListener = planEndListener;
    this.stepDecision = stepDecision;
    this.defaultRetryDelay = defaultRetryDelay;
    this.runEndListener = runEndListener;
    this.approvalEndListener = approvalEndListener;
  }

  @Override
  public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    activity.setAsyncBefore(true, true);
  }

  /**
   * An operator's decision task (one bound to the form {@value StepVariables#DECISION_FORM}) always
   * has its decision checked and journalled on completion: the engine adds the check when the model
   * does not declare it, so a hand-modelled ASK task (element template {@code io.drover.decision})
   * cannot skip it.
   */
  @Override
  public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    if (!StepVariables.DECISION_FORM.equals(element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formRef"))
        || declaresDecisionCheck(element)) {
      return;
    }
    ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
        .addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, stepDecision);
  }

  private static boolean declaresDecisionCheck(Element task) {
    Element extensions = task.element("extensionElements");
    return extensions != null && extensions.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "taskListener").stream()
        .anyMatch(l -> TaskListener.EVENTNAME_COMPLETE.equals(l.attribute("event"))
            && "${stepDecision}".equals(l.attribute("delegateExpression")));
  }

  @Override
  public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
    String id = processElement.attribute("id");
    ExecutionListener end = ApprovalVariables.APPROVAL_PROCESS.equals(id) ? approvalEndListener
        : id.startsWith(io.drover.plan.Plans.PROCEDURE_PREFIX) ? planEndListener
        : runEndListener;
    processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_END, end);
    configureSteps(processElement, processElement, processDefinition);
  }

  /** Parses each service task's policy (process default, task override) into its activity. */
  private void configureSteps(Element scope, Element process, ProcessDefinitionEntity definition) {
    for (Element task : scope.elements("serviceTask")) {
      String taskId = task.attribute("id");
      String where = "service task " + taskId + " of process " + process.attribute("id");
      FailurePolicy policy;
      try {
        policy = FailurePolicy.of(properties(task), properties(process));
      } catch (IllegalArgumentException e) {
        throw new ProcessEngineException(EngineLogger.LOG.badPolicy(where, e.getMessage()));
      }
      if (policy.finalAction() != FailurePolicy.Action.DIE && !hasErrorBoundary(scope, taskId)) {
        throw new ProcessEngineException(EngineLogger.LOG.noErrorBoundary(where, policy));
      }
      String modelled = modelledCycle(task);
      if (modelled != null) {
        Matcher m = CYCLE_COUNT.matcher(modelled.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) < policy.maxAttempts()) {
          throw new ProcessEngineException(EngineLogger.LOG.retryCycleTooShort(where, modelled, policy));
        }
      }
      Duration delay = retryDelay(task, process, where);
      ActivityImpl activity = definition.findActivity(taskId);
      activity.setProperty(StepVariables.POLICY_PROPERTY, policy);
      if (StepDelegates.isStep(task.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "delegateExpression"))) {
        StepInputs.detach(activity);
      }
      String cycle = "R" + policy.maxAttempts() + "/" + (policy.retries() == 0 ? "PT0S" : delay.toString());
      activity.getProperties().set(DefaultFailedJobParseListener.FAILED_JOB_CONFIGURATION, new FailedJobRetryConfiguration(
          Context.getProcessEngineConfiguration().getExpressionManager().createExpression(cycle)));
    }
    for (Element sub : scope.elements("subProcess")) {
      configureSteps(sub, process, definition);
    }
  }

  private static boolean hasErrorBoundary(Element scope, String taskId) {
    return scope.elements("boundaryEvent").stream()
        .anyMatch(b -> taskId.equals(b.attribute("attachedToRef")) && b.element("errorEventDefinition") != null);
  }

  private Duration retryDelay(Element element, Element process, String where) {
    String text = property(element, StepVariables.RETRY_DELAY);
    if (text == null) {
      text = property(process, StepVariables.RETRY_DELAY);
    }
    if (text == null) {
      return defaultRetryDelay;
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new ProcessEngineException(EngineLogger.LOG.badRetryDelay(where, text));
    }
  }

  private static String modelledCycle(Element element) {
    Element extensions = element.element("extensionElements");
    if (extensions == null) {
      return null;
    }
    Element cycle = extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "failedJobRetryTimeCycle");
    return cycle == null ? null : cycle.getText();
  }

  /** The {@code camunda:property} entries in the element's extension elements, by name. */
  static java.util.Map<String, String> properties(Element element) {
    java.util.Map<String, String> found = new java.util.LinkedHashMap<>();
    Element extensions = element.element("extensionElements");
    Element properties = extensions == null ? null
        : extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
    if (properties != null) {
      for (Element property : properties.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
        found.putIfAbsent(property.attribute("name"), property.attribute("value"));
      }
    }
    return found;
  }

  /** The value of a {@code camunda:property} in the element's extension elements, or null. */
  static String property(Element element, String name) {
    Element extensions = element.element("extensionElements");
    if (extensions == null) {
      return null;
    }
    Element properties = extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
    if (properties == null) {
      return null;
    }
    for (Element property : properties.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
      if (name.equals(property.attribute("name"))) {
        return property.attribute("value");
      }
    }
    return null;
  }
}
