package io.drover.preflight;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;

/**
 * The steps a procedure is about to run, in the order of its flow from the start event (breadth
 * first, failure paths included), for the approver to read.
 */
public final class PlannedSteps {

  private PlannedSteps() {
  }

  public static List<String> of(BpmnModelInstance model, String processId) {
    List<String> names = new ArrayList<>();
    for (ServiceTask task : tasks(model, processId)) {
      names.add(task.getName() == null ? task.getId() : task.getName());
    }
    return names;
  }

  /** The procedure's service tasks in the order of its flow from the start event. */
  public static List<ServiceTask> tasks(BpmnModelInstance model, String processId) {
    Process process = model.getModelElementById(processId);
    // by sourceRef: models need not list a node's <outgoing> flows; boundary events follow their task
    Map<FlowNode, List<FlowNode>> next = new HashMap<>();
    model.getModelElementsByType(SequenceFlow.class)
        .forEach(f -> next.computeIfAbsent(f.getSource(), k -> new ArrayList<>()).add(f.getTarget()));
    model.getModelElementsByType(BoundaryEvent.class)
        .forEach(b -> next.computeIfAbsent(b.getAttachedTo(), k -> new ArrayList<>()).add(b));
    Deque<FlowNode> queue = new ArrayDeque<>();
    process.getFlowElements().stream().filter(StartEvent.class::isInstance).map(FlowNode.class::cast)
        .forEach(queue::add);
    Set<String> seen = new HashSet<>();
    List<ServiceTask> steps = new ArrayList<>();
    while (!queue.isEmpty()) {
      FlowNode node = queue.poll();
      if (!seen.add(node.getId())) {
        continue;
      }
      if (node instanceof ServiceTask task) {
        steps.add(task);
      }
      queue.addAll(next.getOrDefault(node, List.of()));
    }
    return steps;
  }

  /** One numbered line per step. */
  public static String text(List<String> steps) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < steps.size(); i++) {
      text.append(i + 1).append(". ").append(steps.get(i)).append('\n');
    }
    return text.toString().stripTrailing();
  }
}
