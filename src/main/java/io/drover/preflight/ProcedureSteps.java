package io.drover.preflight;

import io.drover.step.FailurePolicy;
import io.drover.step.StepType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaList;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.springframework.stereotype.Component;

/**
 * The steps of a deployed procedure as a run would call them: each Drover service task with its
 * step type and its input parameters, their {@code ${name}} expressions replaced by the run's
 * variables. An expression naming no variable is a problem, found before anything runs.
 */
@Component
public class ProcedureSteps {

  /** An expression that names one variable (or, as a delegate expression, one bean): {@code ${name}}. */
  private static final Pattern SIMPLE = Pattern.compile("\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}");
  /** Names an expression may use that are not run variables. */
  private static final Set<String> ENGINE_NAMES = Set.of("execution", "task", "authenticatedUserId");

  /** One step of the procedure: its task, name, step type and parameters as the run will see them. */
  public record PlannedStep(String id, String name, StepType type, Map<String, Object> parameters, String policy) {

    public String label() {
      return (name == null ? id : name) + " (" + id + ")";
    }
  }

  private final RepositoryService repository;
  private final Map<String, StepType> types;

  public ProcedureSteps(RepositoryService repository, Map<String, StepType> types) {
    this.repository = repository;
    this.types = types;
  }

  /**
   * The steps of the latest deployed version of {@code procedure}; expressions naming unknown
   * variables are added to {@code problems}.
   */
  public List<PlannedStep> of(String procedure, Map<String, Object> variables, List<String> problems) {
    ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionKey(procedure)
        .latestVersion().singleResult();
    if (definition == null) {
      problems.add("no procedure '" + procedure + "' is deployed");
      return List.of();
    }
    BpmnModelInstance model = repository.getBpmnModelInstance(definition.getId());
    List<PlannedStep> steps = new ArrayList<>();
    Map<String, String> procedurePolicy = properties(model.getModelElementById(procedure));
    for (ServiceTask task : PlannedSteps.tasks(model, procedure)) {
      StepType type = type(task.getCamundaDelegateExpression());
      if (type == null) {
        continue;
      }
      String label = (task.getName() == null ? task.getId() : task.getName()) + " (" + task.getId() + ")";
      Map<String, Object> parameters = new LinkedHashMap<>();
      for (CamundaInputParameter input : inputs(task)) {
        if (input.getValue() instanceof CamundaList list) {
          List<String> values = new ArrayList<>();
          list.getValues().forEach(v -> values.add(resolve(v.getTextContent(), variables, label, input, problems)));
          parameters.put(input.getCamundaName(), values);
        } else {
          parameters.put(input.getCamundaName(), resolve(input.getTextContent(), variables, label, input, problems));
        }
      }
      steps.add(new PlannedStep(task.getId(), task.getName(), type, parameters, policy(properties(task),
          procedurePolicy)));
    }
    return steps;
  }

  /** The policy that applies, as the dry run shows it (the engine refused a model whose policy is not one). */
  private static String policy(Map<String, String> task, Map<String, String> process) {
    try {
      return FailurePolicy.of(task, process).toString();
    } catch (IllegalArgumentException e) {
      return task.getOrDefault(FailurePolicy.PROPERTY, process.getOrDefault(FailurePolicy.PROPERTY, "DIE"));
    }
  }

  /** The {@code camunda:property} entries of a task or process, by name. */
  private static Map<String, String> properties(BaseElement element) {
    Map<String, String> found = new LinkedHashMap<>();
    if (element == null || element.getExtensionElements() == null) {
      return found;
    }
    for (CamundaProperties properties : element.getExtensionElements().getElementsQuery()
        .filterByType(CamundaProperties.class).list()) {
      for (CamundaProperty property : properties.getCamundaProperties()) {
        found.putIfAbsent(property.getCamundaName(), property.getCamundaValue());
      }
    }
    return found;
  }

  private StepType type(String delegateExpression) {
    if (delegateExpression == null) {
      return null;
    }
    Matcher m = SIMPLE.matcher(delegateExpression.strip());
    return m.matches() ? types.get(m.group(1) + "Type") : null;
  }

  private static List<CamundaInputParameter> inputs(ServiceTask task) {
    if (task.getExtensionElements() == null) {
      return List.of();
    }
    List<CamundaInputParameter> inputs = new ArrayList<>();
    task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class).list()
        .forEach(io -> inputs.addAll(io.getCamundaInputParameters()));
    return inputs;
  }

  private static String resolve(String text, Map<String, Object> variables, String step, CamundaInputParameter input,
      List<String> problems) {
    if (text == null) {
      return "";
    }
    Matcher m = SIMPLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      Object value = variables.get(name);
      if (value == null && !ENGINE_NAMES.contains(name)) {
        problems.add("step " + step + ": parameter '" + input.getCamundaName() + "' uses ${" + name + "}, but a run of"
            + " this service has no variable " + name + " (it has: " + String.join(", ", new java.util.TreeSet<>(
            variables.keySet())) + ")");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value.toString()));
    }
    m.appendTail(out);
    return out.toString().strip();
  }
}
