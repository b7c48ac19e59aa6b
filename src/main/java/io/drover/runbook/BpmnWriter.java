package io.drover.runbook;

import io.drover.step.FailurePolicy;
import java.util.ArrayList;
import io.drover.step.catalog.ElementTemplates;
import io.drover.step.catalog.StepContracts;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link ProcedureModel} as BPMN 2.0 with Camunda extensions and a diagram, laid out left
 * to right; each step's failure policy is drawn: DIE to an end event named for the failure, WARN
 * rejoining the flow, ASK to an operator decision. The same model always gives the same bytes.
 */
public final class BpmnWriter {

  private static final int Y = 120;

  private record Shape(String id, int x, int y, int w, int h) {
  }

  private record Flow(String id, String source, String target, List<int[]> points, String condition, String name) {
  }

  private final StringBuilder process = new StringBuilder();
  private final List<Shape> shapes = new ArrayList<>();
  private final List<Flow> flows = new ArrayList<>();
  /** Flows waiting to join the next gateway (a WARN rejoining, an operator's skip). */
  private final List<Flow> joins = new ArrayList<>();
  /** DIE flows of a rehearsal's steps, waiting for its cleanup gateway. */
  private final List<Flow> toCleanup = new ArrayList<>();
  private String previous;
  private int[] previousRight;
  private int x;

  private BpmnWriter() {
  }

  /** Stands for the version tag until the text it is computed from is complete. */
  private static final String VERSION = "@@VERSION@@";

  public static String write(ProcedureModel model) {
    return new BpmnWriter().render(model);
  }

  private String render(ProcedureModel model) {
    line(2, "<bpmn:documentation>" + xml(model.documentation()) + "</bpmn:documentation>");
    line(2, "<bpmn:extensionElements>");
    line(3, "<camunda:properties>");
    line(4, "<camunda:property name=\"onFailure\" value=\"" + xml(model.onFailure()) + "\" />");
    if (model.retryDelay() != null) {
      line(4, "<camunda:property name=\"retryDelay\" value=\"" + xml(model.retryDelay()) + "\" />");
    }
    line(3, "</camunda:properties>");
    line(2, "</bpmn:extensionElements>");
    line(2, "<bpmn:startEvent id=\"Start_RunAdmitted\" name=\"Run admitted\" />");
    shapes.add(new Shape("Start_RunAdmitted", 160, Y + 22, 36, 36));
    previous = "Start_RunAdmitted";
    previousRight = new int[] {196, Y + 40};
    x = 250;
    boolean cleanup = !model.cleanup().isEmpty();
    for (ProcedureModel.Step step : model.steps()) {
      step(step, model, cleanup);
    }
    rejoin("Gateway_JoinEnd");
    if (cleanup) {
      // the rehearsal's cleanup runs after its steps and after any step that failed under DIE
      line(2, "<bpmn:exclusiveGateway id=\"Gateway_CleanUp\" name=\"Clean up\" />");
      shapes.add(new Shape("Gateway_CleanUp", x, Y + 15, 50, 50));
      flows.add(new Flow("Flow_To_CleanUpGateway", previous, "Gateway_CleanUp", List.of(previousRight,
          new int[] {x, Y + 40}), null, null));
      join(toCleanup, "Gateway_CleanUp", x + 25, Y + 65);
      previous = "Gateway_CleanUp";
      previousRight = new int[] {x + 50, Y + 40};
      x += 80;
      for (ProcedureModel.Step step : model.cleanup()) {
        step(step, model, false);
      }
      rejoin("Gateway_JoinCleanedUp");
    }
    line(2, "<bpmn:endEvent id=\"End_Succeeded\" name=\"" + (cleanup ? "Rehearsal ended, cleaned up"
        : "Procedure completed") + "\" />");
    shapes.add(new Shape("End_Succeeded", x, Y + 22, 36, 36));
    flows.add(new Flow("Flow_To_End", previous, "End_Succeeded", List.of(previousRight, new int[] {x, Y + 40}), null, null));
    for (Flow flow : flows) {
      if (flow.condition() == null) {
        line(2, "<bpmn:sequenceFlow id=\"" + flow.id() + "\" sourceRef=\"" + flow.source() + "\" targetRef=\""
            + flow.target() + "\" />");
      } else {
        line(2, "<bpmn:sequenceFlow id=\"" + flow.id() + "\" name=\"" + flow.name() + "\" sourceRef=\"" + flow.source()
            + "\" targetRef=\"" + flow.target() + "\">");
        line(3, "<bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\">" + xml(flow.condition())
            + "</bpmn:conditionExpression>");
        line(2, "</bpmn:sequenceFlow>");
      }
    }
    return document(model);
  }

  /**
   * Draws one step after the previous one, with its failure policy.
   *
   * @param dieToCleanup a failure under DIE leads to the rehearsal's cleanup, not to an end event
   */
  private void step(ProcedureModel.Step step, ProcedureModel model, boolean dieToCleanup) {
    String shortId = step.id().substring(step.id().indexOf('_') + 1);
    String policy = step.onFailure() != null ? step.onFailure() : model.onFailure();
    FailurePolicy parsed = FailurePolicy.parse(policy, step.retries());
    // flows that meet (a WARN rejoining, an operator's skip or retry) meet in a gateway, as Modeler draws it
    String entry = step.id();
    if (!joins.isEmpty() || parsed.finalAction() == FailurePolicy.Action.ASK) {
      entry = "Gateway_Join" + shortId;
      line(2, "<bpmn:exclusiveGateway id=\"" + entry + "\" />");
      shapes.add(new Shape(entry, x, Y + 15, 50, 50));
      flows.add(new Flow("Flow_To_Join" + shortId, previous, entry, List.of(previousRight, new int[] {x, Y + 40}),
          null, null));
      join(joins, entry, x + 25, Y + 65);
      flows.add(new Flow("Flow_To_" + shortId, entry, step.id(), List.of(new int[] {x + 50, Y + 40},
          new int[] {x + 80, Y + 40}), null, null));
      x += 80;
    } else {
      flows.add(new Flow("Flow_To_" + shortId, previous, step.id(), List.of(previousRight, new int[] {x, Y + 40}),
          null, null));
    }
    serviceTask(step);
    shapes.add(new Shape(step.id(), x, Y, 100, 80));
    String boundary = "Boundary_" + shortId + "Failed";
    int bx = x + 32;
    line(2, "<bpmn:boundaryEvent id=\"" + boundary + "\" name=\"" + xml(step.name()) + " failed\" attachedToRef=\""
        + step.id() + "\">");
    line(3, "<bpmn:errorEventDefinition errorRef=\"Error_StepFailed\" />");
    line(2, "</bpmn:boundaryEvent>");
    shapes.add(new Shape(boundary, bx, Y + 62, 36, 36));
    switch (parsed.finalAction()) {
      case WARN -> joins.add(new Flow("Flow_" + shortId + "_Continue", boundary, null,
          List.of(new int[] {bx + 18, Y + 98}, new int[] {bx + 18, Y + 140}, new int[] {x + 180, Y + 140}), null, null));
      case ASK -> ask(shortId, entry, boundary, x, bx, joins, dieToCleanup);
      default -> {
        if (dieToCleanup) {
          toCleanup.add(new Flow("Flow_" + shortId + "_CleanUp", boundary, null, List.of(new int[] {bx + 18, Y + 98},
              new int[] {bx + 18, Y + 160}, new int[] {x + 180, Y + 160}), null, null));
        } else {
          String end = "End_" + shortId + "Failed";
          line(2, "<bpmn:endEvent id=\"" + end + "\" name=\"Run failed: " + xml(lowerFirst(step.name())) + " failed\" />");
          shapes.add(new Shape(end, bx, Y + 180, 36, 36));
          flows.add(new Flow("Flow_" + shortId + "_Die", boundary, end,
              List.of(new int[] {bx + 18, Y + 98}, new int[] {bx + 18, Y + 180}), null, null));
        }
      }
    }
    previous = step.id();
    previousRight = new int[] {x + 100, Y + 40};
    x += 160;
  }

  /** Joins the flows still waiting (a WARN, a skip) in gateway {@code id} after the last step drawn. */
  private void rejoin(String id) {
    if (joins.isEmpty()) {
      return;
    }
    line(2, "<bpmn:exclusiveGateway id=\"" + id + "\" />");
    shapes.add(new Shape(id, x, Y + 15, 50, 50));
    flows.add(new Flow("Flow_To_" + id.substring("Gateway_".length()), previous, id, List.of(previousRight,
        new int[] {x, Y + 40}), null, null));
    join(joins, id, x + 25, Y + 65);
    previous = id;
    previousRight = new int[] {x + 50, Y + 40};
    x += 80;
  }

  /** Draws the waiting flows into a joining gateway from below, at (x, y), and forgets them. */
  private void join(List<Flow> joins, String target, int x, int y) {
    for (Flow join : joins) {
      List<int[]> points = new ArrayList<>(join.points().subList(0, join.points().size() - 1));
      int lastY = join.points().get(join.points().size() - 1)[1];
      points.add(new int[] {x, lastY});
      points.add(new int[] {x, y});
      flows.add(new Flow(join.id(), join.source(), target, points, join.condition(), join.name()));
    }
    joins.clear();
  }

  /** The Modeler element template of each step type ({@code bpmn/.camunda/element-templates/}). */
  static String templateId(String delegate) {
    return StepContracts.byDelegate(delegate).map(ElementTemplates::id).orElse(null);
  }

  private void serviceTask(ProcedureModel.Step step) {
    String template = templateId(step.delegate());
    line(2, "<bpmn:serviceTask id=\"" + step.id() + "\" name=\"" + xml(step.name())
        + "\" camunda:asyncBefore=\"true\" camunda:delegateExpression=\"${" + step.delegate() + "}\""
        + (template == null ? "" : " camunda:modelerTemplate=\"" + template + "\" camunda:modelerTemplateVersion=\"1\"")
        + ">");
    line(3, "<bpmn:extensionElements>");
    if (step.onFailure() != null) {
      line(4, "<camunda:properties>");
      line(5, "<camunda:property name=\"onFailure\" value=\"" + xml(step.onFailure()) + "\" />");
      if (step.retries() != null) {
        line(5, "<camunda:property name=\"retries\" value=\"" + xml(step.retries()) + "\" />");
      }
      line(4, "</camunda:properties>");
    }
    line(4, "<camunda:inputOutput>");
    for (Map.Entry<String, Object> parameter : step.parameters().entrySet()) {
      if (parameter.getValue() instanceof List<?> list) {
        // an argument list as the element template writes it: a JSON array of strings
        line(5, "<camunda:inputParameter name=\"" + xml(parameter.getKey()) + "\">" + xml(jsonArray(list))
            + "</camunda:inputParameter>");
      } else {
        line(5, "<camunda:inputParameter name=\"" + xml(parameter.getKey()) + "\">"
            + xml(parameter.getValue().toString()) + "</camunda:inputParameter>");
      }
    }
    line(4, "</camunda:inputOutput>");
    line(3, "</bpmn:extensionElements>");
    line(2, "</bpmn:serviceTask>");
  }

  /** @param abortToCleanup an operator's abort leads to the rehearsal's cleanup, not to an end event */
  private void ask(String shortId, String joinId, String boundary, int x, int bx, List<Flow> joins,
      boolean abortToCleanup) {
    String user = "UserTask_Decide" + shortId;
    String gateway = "Gateway_Decision" + shortId;
    String end = "End_" + shortId + "Aborted";
    line(2, "<bpmn:userTask id=\"" + user + "\" name=\"Decide on failed step\" camunda:modelerTemplate=\"io.drover.decision\""
        + " camunda:formRef=\"drover-step-decision\""
        + " camunda:formRefBinding=\"deployment\" camunda:candidateGroups=\"${serviceGroup}\">");
    line(3, "<bpmn:extensionElements>");
    line(4, "<camunda:taskListener delegateExpression=\"${stepDecision}\" event=\"complete\" />");
    line(3, "</bpmn:extensionElements>");
    line(2, "</bpmn:userTask>");
    line(2, "<bpmn:exclusiveGateway id=\"" + gateway + "\" name=\"What did the operator decide?\" />");
    shapes.add(new Shape(user, x, Y + 170, 100, 80));
    shapes.add(new Shape(gateway, x + 125, Y + 185, 50, 50));
    if (!abortToCleanup) {
      line(2, "<bpmn:endEvent id=\"" + end + "\" name=\"Run aborted by operator\" />");
      shapes.add(new Shape(end, x + 132, Y + 300, 36, 36));
    }
    flows.add(new Flow("Flow_" + shortId + "_Ask", boundary, user, List.of(new int[] {bx + 18, Y + 98},
        new int[] {bx + 18, Y + 170}), null, null));
    flows.add(new Flow("Flow_" + shortId + "_Decided", user, gateway, List.of(new int[] {x + 100, Y + 210},
        new int[] {x + 125, Y + 210}), null, null));
    flows.add(new Flow("Flow_" + shortId + "_Retry", gateway, joinId, List.of(new int[] {x + 150, Y + 185},
        new int[] {x + 150, Y + 150}, new int[] {x - 55, Y + 150}, new int[] {x - 55, Y + 65}), "${decision == 'retry'}",
        "retry"));
    if (abortToCleanup) {
      toCleanup.add(new Flow("Flow_" + shortId + "_Abort", gateway, null, List.of(new int[] {x + 150, Y + 235},
          new int[] {x + 150, Y + 280}, new int[] {x + 180, Y + 280}), "${decision == 'abort'}", "abort"));
    } else {
      flows.add(new Flow("Flow_" + shortId + "_Abort", gateway, end, List.of(new int[] {x + 150, Y + 235},
          new int[] {x + 150, Y + 300}), "${decision == 'abort'}", "abort"));
    }
    joins.add(new Flow("Flow_" + shortId + "_Skip", gateway, null, List.of(new int[] {x + 175, Y + 210},
        new int[] {x + 180, Y + 210}), "${decision == 'skip'}", "skip"));
  }

  private String document(ProcedureModel model) {
    StringBuilder out = new StringBuilder();
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\""
        + " xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\" xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\""
        + " xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
        + " xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" id=\"Definitions_" + model.id()
        + "\" targetNamespace=\"https://drover.io/procedures\" exporter=\"drover compile\" exporterVersion=\"1\">\n");
    out.append("  <bpmn:error id=\"Error_StepFailed\" name=\"Step failed\" errorCode=\"DROVER_STEP_FAILED\" />\n");
    out.append("  <bpmn:process id=\"").append(model.id()).append("\" name=\"").append(xml(model.name()))
        .append("\" isExecutable=\"true\" camunda:historyTimeToLive=\"P180D\" camunda:versionTag=\"" + VERSION
        + "\">\n");
    out.append(process);
    out.append("  </bpmn:process>\n");
    out.append("  <bpmndi:BPMNDiagram id=\"Diagram_").append(model.id()).append("\">\n");
    out.append("    <bpmndi:BPMNPlane id=\"Plane_").append(model.id()).append("\" bpmnElement=\"").append(model.id())
        .append("\">\n");
    for (Shape shape : shapes) {
      out.append("      <bpmndi:BPMNShape id=\"").append(shape.id()).append("_di\" bpmnElement=\"").append(shape.id())
          .append("\">\n        <dc:Bounds x=\"").append(shape.x()).append("\" y=\"").append(shape.y())
          .append("\" width=\"").append(shape.w()).append("\" height=\"").append(shape.h())
          .append("\" />\n      </bpmndi:BPMNShape>\n");
    }
    for (Flow flow : flows) {
      out.append("      <bpmndi:BPMNEdge id=\"").append(flow.id()).append("_di\" bpmnElement=\"").append(flow.id())
          .append("\">\n");
      for (int[] point : flow.points()) {
        out.append("        <di:waypoint x=\"").append(point[0]).append("\" y=\"").append(point[1]).append("\" />\n");
      }
      out.append("      </bpmndi:BPMNEdge>\n");
    }
    out.append("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n</bpmn:definitions>\n");
    String text = ModelerReferences.add(out.toString());
    return text.replace(VERSION, versionTag(text));
  }

  private static String jsonArray(List<?> values) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(values.stream()
          .map(v -> v == null ? "" : v.toString()).toList());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a list of strings is always JSON", e);
    }
  }

  /** The version tag of a compiled procedure: the first 12 hex digits of the SHA-256 of its text. */
  public static String versionTag(String text) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
          text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private void line(int depth, String text) {
    process.append("  ".repeat(depth)).append(text).append('\n');
  }

  private static String lowerFirst(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  static String xml(String text) {
    return io.drover.text.Xml.escape(text);
  }
}
