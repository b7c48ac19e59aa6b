package io.drover.plan;

import io.drover.runbook.BpmnWriter;
import io.drover.runbook.ModelerReferences;
import io.drover.text.Xml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the procedure of a plan and action as BPMN with its diagram, deterministically (same
 * plan, same text, same version tag). Each service is a chain {@code Admit_<s>} (waits for
 * capacity, or decides to skip) → {@code Go_<s>} → call activity {@code Run_<s>} of the service's
 * own procedure (its run, lock and journal as for a single run) → {@code Settle_<s>}. A service
 * starts once every prerequisite is settled ({@code Join_<s>}), so nothing waits for a whole wave;
 * an optional four-eyes approval comes first. Columns are depths, rows the services of one depth.
 */
public final class PlanBpmn {

  private static final String VERSION = "@@VERSION@@";
  private static final int COLUMN = 640;
  private static final int ROW = 120;

  private final StringBuilder process = new StringBuilder();
  private final List<String> shapes = new ArrayList<>();
  private final List<String> edges = new ArrayList<>();
  private final Map<String, int[]> boxes = new LinkedHashMap<>();
  private int flows;

  private PlanBpmn() {
  }

  /**
   * @param approvalGroup the group whose approvers decide the plan run, or null when it needs no approval
   */
  public static String write(PlanSpec plan, String action, String approvalGroup) {
    return new PlanBpmn().document(plan, action, approvalGroup);
  }

  /** The service an activity of a plan procedure stands for ({@code Admit_ledger} → ledger). */
  public static String serviceOf(String activityId) {
    return activityId.substring(activityId.indexOf('_') + 1);
  }

  private String document(PlanSpec plan, String action, String approvalGroup) {
    String id = Plans.procedureId(plan.name(), action);
    PlanGraph graph = PlanGraph.of(plan, action);
    Map<String, Integer> depth = graph.depths();
    int top = 80;
    node("startEvent", "Start_Plan", "Plan run admitted", 100, top + 22, 36, 36, "");
    String last = "Start_Plan";
    int x = 180;
    if (approvalGroup != null) {
      node("userTask", "Task_Approve", "Approve " + action + " of plan " + plan.name(), x, top, 100, 80,
          " camunda:candidateGroups=\"" + Xml.escape(approvalGroup) + "\" camunda:formRef=\"drover-plan-approval\""
          + " camunda:formRefBinding=\"deployment\"", "<bpmn:extensionElements><camunda:taskListener"
          + " delegateExpression=\"${planApproval}\" event=\"complete\" /></bpmn:extensionElements>");
      flow(last, "Task_Approve", null, null);
      process.append("    <bpmn:boundaryEvent id=\"Boundary_NoDecision\" name=\"No decision in time\""
          + " attachedToRef=\"Task_Approve\"><bpmn:timerEventDefinition><bpmn:timeDuration"
          + " xsi:type=\"bpmn:tFormalExpression\">${approvalTimeout}</bpmn:timeDuration></bpmn:timerEventDefinition>"
          + "</bpmn:boundaryEvent>\n");
      shape("Boundary_NoDecision", x + 62, top + 62, 36, 36);
      node("exclusiveGateway", "Gateway_Approved", "Approved?", x + 150, top + 15, 50, 50, " default=\"Flow_Rejected\"");
      flow("Task_Approve", "Gateway_Approved", null, null);
      node("endEvent", "End_Rejected", "Plan aborted: rejected", x + 157, top + 160, 36, 36, "");
      flowWithId("Flow_Rejected", "Gateway_Approved", "End_Rejected", null, "reject");
      node("endEvent", "End_TimedOut", "Plan aborted: no approval in time", x + 67, top + 160, 36, 36, "");
      flow("Boundary_NoDecision", "End_TimedOut", null, null);
      last = "Gateway_Approved";
      x += 260;
    }
    // a parallel fork only where several services start at once (Modeler flags a gateway with one way in and out)
    List<String> roots = graph.order().stream().filter(s -> graph.before(s).isEmpty()).toList();
    String fork = roots.size() > 1 ? "Fork_Plan" : null;
    // after an approval, the way on is the approved one
    String onCondition = approvalGroup == null ? null : "${approvalDecision == 'approve'}";
    String onName = approvalGroup == null ? null : "approve";
    if (fork != null) {
      node("parallelGateway", fork, "", x, top + 15, 50, 50, "");
      flow(last, fork, onCondition, onName);
    }
    int base = x + 100;
    Map<Integer, Integer> rows = new LinkedHashMap<>();
    int deepest = 0;
    for (String service : graph.order()) {
      int column = depth.get(service);
      deepest = Math.max(deepest, column);
      int row = rows.merge(column, 1, Integer::sum) - 1;
      int x0 = base + column * COLUMN;
      int y = top + row * ROW;
      PlanSpec.Member member = plan.member(service);
      List<String> before = graph.before(service);
      String admit = "Admit_" + service;
      node("serviceTask", admit, "Start " + service, x0 + 70, y, 100, 80,
          " camunda:delegateExpression=\"${planServiceStart}\"", "<bpmn:documentation>" + Xml.escape(doc(member, before))
          + "</bpmn:documentation>");
      if (before.size() > 1) {
        node("parallelGateway", "Join_" + service, "", x0, y + 15, 50, 50, "");
        flow("Join_" + service, admit, null, null);
      }
      String go = "Go_" + service;
      node("exclusiveGateway", go, "Go?", x0 + 200, y + 15, 50, 50, " default=\"Flow_Skip_" + service + "\"");
      flow(admit, go, null, null);
      node("callActivity", "Run_" + service, service + " " + action, x0 + 290, y, 100, 80,
          " calledElement=\"" + Xml.escape(service + "-" + action) + "\""
          + " camunda:variableMappingDelegateExpression=\"${planServiceCall}\"",
          "<bpmn:extensionElements><camunda:in businessKey=\"${planServiceCall.runId(execution)}\" />"
          + "</bpmn:extensionElements>");
      flow(go, "Run_" + service, "${planServiceCall.admitted(execution)}", "start");
      // the run and the skip meet in a gateway before the service is recorded
      String merge = "Merge_" + service;
      node("exclusiveGateway", merge, "", x0 + 410, y + 15, 50, 50, "");
      flow("Run_" + service, merge, null, null);
      flowWithId("Flow_Skip_" + service, go, merge, null, "skip");
      String settle = "Settle_" + service;
      node("serviceTask", settle, "Record " + service, x0 + 490, y, 100, 80,
          " camunda:delegateExpression=\"${planServiceEnd}\"");
      flow(merge, settle, null, null);
    }
    int endX = base + (deepest + 1) * COLUMN;
    List<String> leaves = graph.order().stream().filter(s -> graph.after(s).isEmpty()).toList();
    String join = leaves.size() > 1 ? "Join_End" : null;
    if (join != null) {
      node("parallelGateway", join, "", endX, top + 15, 50, 50, "");
    }
    node("endEvent", "End_Plan", "Plan ended", endX + 100, top + 22, 36, 36, "");
    if (join != null) {
      flow(join, "End_Plan", null, null);
    }
    for (String service : graph.order()) {
      List<String> before = graph.before(service);
      String entry = before.size() > 1 ? "Join_" + service : "Admit_" + service;
      if (before.isEmpty()) {
        if (fork != null) {
          flow(fork, entry, null, null);
        } else {
          flow(last, entry, onCondition, onName);
        }
      }
      for (String b : before) {
        flow("Settle_" + b, entry, null, null);
      }
      if (graph.after(service).isEmpty()) {
        flow("Settle_" + service, join != null ? join : "End_Plan", null, null);
      }
    }
    String text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<!-- generated by Drover from " + Xml.escape(plan.fileName()) + "; do not edit: change the plan file -->\n"
        + "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\""
        + " xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\" xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\""
        + " xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
        + " xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" id=\"Definitions_" + id
        + "\" targetNamespace=\"https://drover.io/plans\" exporter=\"drover plan\" exporterVersion=\"1\">\n"
        + "  <bpmn:process id=\"" + id + "\" name=\"" + Xml.escape("Plan " + plan.name() + ": " + action)
        + "\" isExecutable=\"true\" camunda:historyTimeToLive=\"P180D\" camunda:versionTag=\"" + VERSION + "\">\n"
        + "    <bpmn:documentation>" + Xml.escape((plan.description() == null ? "" : plan.description() + ". ")
        + plan.members().size() + " services, at most " + plan.maxParallel() + " at once"
        + (plan.resources().isEmpty() ? "" : "; resources " + plan.resources())) + "</bpmn:documentation>\n"
        + process + "  </bpmn:process>\n"
        + "  <bpmndi:BPMNDiagram id=\"Diagram_" + id + "\">\n    <bpmndi:BPMNPlane id=\"Plane_" + id
        + "\" bpmnElement=\"" + id + "\">\n" + String.join("", shapes) + String.join("", edges)
        + "    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n</bpmn:definitions>\n";
    text = ModelerReferences.add(text);
    return text.replace(VERSION, BpmnWriter.versionTag(text));
  }

  private static String doc(PlanSpec.Member member, List<String> before) {
    return (member.critical() ? "critical" : "not critical") + "; after: " + (before.isEmpty() ? "nothing"
        : String.join(", ", before)) + "; uses: " + (member.uses().isEmpty() ? "no named resource"
        : String.join(", ", member.uses()));
  }

  private void node(String type, String id, String name, int x, int y, int w, int h, String attributes) {
    node(type, id, name, x, y, w, h, attributes, "");
  }

  private void node(String type, String id, String name, int x, int y, int w, int h, String attributes, String body) {
    process.append("    <bpmn:").append(type).append(" id=\"").append(id).append('"')
        .append(name.isEmpty() ? "" : " name=\"" + Xml.escape(name) + "\"").append(attributes).append('>')
        .append(body).append("</bpmn:").append(type).append(">\n");
    shape(id, x, y, w, h);
  }

  private void shape(String id, int x, int y, int w, int h) {
    boxes.put(id, new int[] {x, y, w, h});
    shapes.add("      <bpmndi:BPMNShape id=\"" + id + "_di\" bpmnElement=\"" + id + "\""
        + (id.startsWith("Go_") || id.startsWith("Gateway_") || id.startsWith("Merge_") ? " isMarkerVisible=\"true\"" : "")
        + "><dc:Bounds x=\"" + x + "\" y=\"" + y + "\" width=\"" + w + "\" height=\"" + h + "\" /></bpmndi:BPMNShape>\n");
  }

  private void flow(String from, String to, String condition, String name) {
    flowWithId("Flow_" + (++flows), from, to, condition, name);
  }

  private void flowWithId(String id, String from, String to, String condition, String name) {
    process.append("    <bpmn:sequenceFlow id=\"").append(id).append("\" sourceRef=\"").append(from)
        .append("\" targetRef=\"").append(to).append('"').append(name == null ? "" : " name=\"" + Xml.escape(name) + "\"");
    if (condition == null) {
      process.append(" />\n");
    } else {
      process.append("><bpmn:conditionExpression xsi:type=\"bpmn:tFormalExpression\">").append(Xml.escape(condition))
          .append("</bpmn:conditionExpression></bpmn:sequenceFlow>\n");
    }
    int[] a = boxes.get(from);
    int[] b = boxes.get(to);
    List<int[]> points = new ArrayList<>();
    if (id.startsWith("Flow_Skip_")) {
      int below = a[1] + a[3] + 30;
      points.add(new int[] {a[0] + a[2] / 2, a[1] + a[3]});
      points.add(new int[] {a[0] + a[2] / 2, below});
      points.add(new int[] {b[0] + b[2] / 2, below});
      points.add(new int[] {b[0] + b[2] / 2, b[1] + b[3]});
    } else if (from.startsWith("Boundary_") || to.startsWith("End_Rejected")) {
      points.add(new int[] {a[0] + a[2] / 2, a[1] + a[3]});
      points.add(new int[] {b[0] + b[2] / 2, b[1]});
    } else {
      int sx = a[0] + a[2];
      int sy = a[1] + a[3] / 2;
      int tx = b[0];
      int ty = b[1] + b[3] / 2;
      points.add(new int[] {sx, sy});
      if (sy != ty) {
        int mx = Math.max(sx + 10, tx - 20);
        points.add(new int[] {mx, sy});
        points.add(new int[] {mx, ty});
      }
      points.add(new int[] {tx, ty});
    }
    StringBuilder edge = new StringBuilder("      <bpmndi:BPMNEdge id=\"" + id + "_di\" bpmnElement=\"" + id + "\">");
    points.forEach(p -> edge.append("<di:waypoint x=\"").append(p[0]).append("\" y=\"").append(p[1]).append("\" />"));
    edges.add(edge.append("</bpmndi:BPMNEdge>\n").toString());
  }
}
