package io.drover.runbook;

import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import io.drover.step.FailurePolicy;
import io.drover.step.RehearsalRules;
import io.drover.step.StepContract;
import io.drover.step.catalog.StepContracts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks a hand-drawn procedure against Drover's rules before it is deployed: file name = process
 * id = {@code <service>-<operation>}, known step types with their required parameters, host roles
 * of the service, async service tasks, valid policies with their boundary events, known error codes.
 */
public final class BpmnLinter {

  static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
  static final Set<String> OPERATIONS = Set.of("migrate", "takeover", "failback", "rehearse");
  static final Set<String> ERROR_CODES = Set.of("DROVER_STEP_FAILED");
  private static final Pattern DELEGATE = Pattern.compile("\\$\\{([A-Za-z]+Step)}");

  /** Step types (by delegate) and the input parameters every step of theirs needs, from their contracts. */
  static final Map<String, List<String>> STEP_TYPES = StepContracts.ALL.stream().collect(java.util.stream.Collectors
      .toMap(StepContract::delegate, StepContract::requiredAlways));
  /** The parameters that name host roles, in any step type's contract. */
  private static final Set<String> ROLE_PARAMETERS = StepContracts.ALL.stream()
      .flatMap(c -> c.params().values().stream()).filter(StepContract.Param::role).map(StepContract.Param::name)
      .collect(java.util.stream.Collectors.toSet());
  /** A one-name expression, ${name}: a variable the run must have. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}");
  /** The variables Drover gives every run (besides the service's own). */
  static final List<String> RUN_VARIABLES = List.of("runId", "service", "operation", "serviceGroup");

  private final Inventory inventory;

  public BpmnLinter(Inventory inventory) {
    this.inventory = inventory;
  }

  private static final class Task {
    String id;
    String delegate;
    String async;
    int line;
    int column;
    final Map<String, String> properties = new HashMap<>();
    final Map<String, String> inputs = new LinkedHashMap<>();
    /** Every input's text, lists' values included, for the variables their expressions name. */
    final StringBuilder texts = new StringBuilder();
  }

  private static final class Model extends DefaultHandler {
    Locator locator;
    final List<String[]> processes = new ArrayList<>();
    final List<Task> tasks = new ArrayList<>();
    final Map<String, String> processProperties = new HashMap<>();
    final Map<String, String> errors = new HashMap<>();
    final List<String[]> boundaries = new ArrayList<>();
    Task task;
    String input;
    StringBuilder text;
    boolean inList;
    String boundaryAttached;

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    @Override
    public void startElement(String uri, String local, String qName, Attributes a) {
      String line = Integer.toString(locator.getLineNumber());
      String column = Integer.toString(locator.getColumnNumber());
      if (BPMN.equals(uri)) {
        switch (local) {
          case "process" -> processes.add(new String[] {a.getValue("id"), a.getValue(CAMUNDA, "historyTimeToLive"),
              a.getValue("isExecutable"), line, column});
          case "serviceTask" -> {
            task = new Task();
            task.id = a.getValue("id");
            task.delegate = a.getValue(CAMUNDA, "delegateExpression");
            task.async = a.getValue(CAMUNDA, "asyncBefore");
            task.line = locator.getLineNumber();
            task.column = locator.getColumnNumber();
            tasks.add(task);
          }
          case "error" -> errors.put(a.getValue("id"), a.getValue("errorCode") + "|" + line + "|" + column);
          case "boundaryEvent" -> boundaryAttached = a.getValue("attachedToRef");
          case "errorEventDefinition" -> {
            if (boundaryAttached != null) {
              boundaries.add(new String[] {boundaryAttached, a.getValue("errorRef"), line, column});
            }
          }
          default -> {
          }
        }
      } else if (CAMUNDA.equals(uri)) {
        switch (local) {
          case "property" -> (task != null ? task.properties : processProperties).put(a.getValue("name"), a.getValue("value"));
          case "inputParameter" -> {
            input = a.getValue("name");
            text = new StringBuilder();
          }
          case "list" -> inList = true;
          default -> {
          }
        }
      }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (text != null) {
        text.append(ch, start, length);
      }
    }

    @Override
    public void endElement(String uri, String local, String qName) {
      if (BPMN.equals(uri) && local.equals("serviceTask")) {
        task = null;
      } else if (BPMN.equals(uri) && local.equals("boundaryEvent")) {
        boundaryAttached = null;
      } else if (CAMUNDA.equals(uri) && local.equals("inputParameter") && task != null) {
        task.inputs.put(input, inList ? "[list]" : text.toString().strip());
        task.texts.append(text).append('\n');
        text = null;
        inList = false;
      }
    }
  }

  public List<Diagnostic> lint(Path file) {
    String name = file.toString();
    List<Diagnostic> out = new ArrayList<>();
    Model model = new Model();
    try {
      SAXParserFactory factory = SAXParserFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.newSAXParser().parse(file.toFile(), model);
    } catch (SAXParseException e) {
      out.add(new Diagnostic(name, Math.max(1, e.getLineNumber()), Math.max(1, e.getColumnNumber()),
          "not well-formed XML: " + e.getMessage()));
      return out;
    } catch (SAXException | ParserConfigurationException | IOException e) {
      out.add(new Diagnostic(name, 1, 1, "cannot read: " + e.getMessage()));
      return out;
    }
    if (model.processes.size() != 1) {
      out.add(new Diagnostic(name, 1, 1, "a procedure file holds exactly one process (found " + model.processes.size() + ")"));
      return out;
    }
    String[] process = model.processes.get(0);
    int pLine = Integer.parseInt(process[3]);
    int pColumn = Integer.parseInt(process[4]);
    String id = process[0] == null ? "" : process[0];
    String stem = RunbookCompiler.serviceOf(file);
    if (!id.equals(stem)) {
      out.add(new Diagnostic(name, pLine, pColumn, "process id '" + id + "' must equal the file name '" + stem + "'"));
    }
    Optional<ServiceSpec> service = Optional.empty();
    int dash = id.lastIndexOf('-');
    if (dash <= 0 || !OPERATIONS.contains(id.substring(dash + 1))) {
      out.add(new Diagnostic(name, pLine, pColumn, "process id '" + id + "' must be <service>-<operation> with operation"
          + " migrate, takeover, failback or rehearse"));
    } else {
      service = inventory.service(id.substring(0, dash));
      if (service.isEmpty()) {
        out.add(new Diagnostic(name, pLine, pColumn, "service '" + id.substring(0, dash) + "' is not in the inventory"));
      }
    }
    if (process[1] == null) {
      out.add(new Diagnostic(name, pLine, pColumn, "the process needs camunda:historyTimeToLive (e.g. P180D)"));
    }
    for (Map.Entry<String, String> error : model.errors.entrySet()) {
      String[] parts = error.getValue().split("\\|");
      if (!ERROR_CODES.contains(parts[0])) {
        out.add(new Diagnostic(name, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), "error '" + error.getKey()
            + "' has code '" + parts[0] + "'; steps throw only " + String.join(", ", ERROR_CODES)));
      }
    }
    Set<String> caught = new HashSet<>();
    for (String[] boundary : model.boundaries) {
      if (boundary[1] == null || !model.errors.containsKey(boundary[1])) {
        out.add(new Diagnostic(name, Integer.parseInt(boundary[2]), Integer.parseInt(boundary[3]),
            "the error boundary event on " + boundary[0] + " must refer to a declared bpmn:error (errorRef)"));
      }
      caught.add(boundary[0]);
    }
    boolean rehearsal = id.endsWith("-rehearse");
    for (Task task : model.tasks) {
      lintTask(name, task, model, service, caught, out);
      if (rehearsal) {
        lintRehearsal(name, task, service, out);
      }
    }
    return out;
  }

  /** A step of a rehearsal procedure that would change production is refused at its line. */
  private static void lintRehearsal(String name, Task task, Optional<ServiceSpec> service, List<Diagnostic> out) {
    Matcher m = task.delegate == null ? null : DELEGATE.matcher(task.delegate);
    Optional<StepContract> contract = m != null && m.matches() ? StepContracts.byDelegate(m.group(1)) : Optional.empty();
    contract.flatMap(c -> RehearsalRules.refusal(c, task.inputs, host -> onPrimary(service, host))).ifPresent(why ->
        out.add(new Diagnostic(name, task.line, task.column, "service task " + task.id + " (" + m.group(1) + ")"
        + " may not run in a rehearsal: " + why)));
  }

  /** Whether {@code host} (a role or a host name) is on the service's primary site. */
  static boolean onPrimary(Optional<ServiceSpec> service, String host) {
    return "primary".equals(host) || service.map(s -> s.primary().hosts().contains(host)).orElse(false);
  }

  private void lintTask(String name, Task task, Model model, Optional<ServiceSpec> service, Set<String> caught,
      List<Diagnostic> out) {
    String where = "service task " + task.id;
    Matcher m = task.delegate == null ? null : DELEGATE.matcher(task.delegate);
    if (m == null || !m.matches() || !STEP_TYPES.containsKey(m.group(1))) {
      out.add(new Diagnostic(name, task.line, task.column, where + " needs camunda:delegateExpression naming a step type ("
          + String.join(", ", STEP_TYPES.keySet().stream().sorted().map(s -> "${" + s + "}").toList()) + ")"));
    } else {
      StepContract contract = StepContracts.byDelegate(m.group(1)).orElseThrow();
      String action = task.inputs.get("action");
      if (action != null && !action.isEmpty() && !action.contains("${") && !contract.actions().isEmpty()
          && !contract.actions().contains(action)) {
        out.add(new Diagnostic(name, task.line, task.column, where + " (" + m.group(1) + ") has action '" + action
            + "'; its actions: " + String.join(", ", contract.actions())));
      }
      for (String required : contract.required(action)) {
        String value = task.inputs.get(required);
        if (value == null || value.isEmpty()) {
          out.add(new Diagnostic(name, task.line, task.column, where + " (" + m.group(1) + ") needs input parameter '"
              + required + "'"));
        }
      }
    }
    if (!"true".equals(task.async)) {
      out.add(new Diagnostic(name, task.line, task.column, where + " must be camunda:asyncBefore=\"true\" (a save point"
          + " before every remote call; Drover enforces it at deployment anyway)"));
    }
    FailurePolicy parsed = FailurePolicy.DIE;
    try {
      parsed = FailurePolicy.of(task.properties, model.processProperties);
    } catch (IllegalArgumentException e) {
      out.add(new Diagnostic(name, task.line, task.column, where + ": " + e.getMessage()));
    }
    if (parsed.finalAction() != FailurePolicy.Action.DIE && !caught.contains(task.id)) {
      out.add(new Diagnostic(name, task.line, task.column, where + " has onFailure " + parsed
          + " but no error boundary event to continue from"));
    }
    if (service.isPresent()) {
      Matcher variable = VARIABLE.matcher(task.texts);
      while (variable.find()) {
        String known = variable.group(1);
        if (!RUN_VARIABLES.contains(known) && !service.get().vars().containsKey(known)) {
          out.add(new Diagnostic(name, task.line, task.column, where + ": ${" + known + "} names no variable a run of "
              + service.get().name() + " has (its variables: " + (service.get().vars().isEmpty() ? "none"
              : String.join(", ", new java.util.TreeSet<>(service.get().vars().keySet()))) + "; Drover's: "
              + String.join(", ", RUN_VARIABLES) + ")"));
        }
      }
      for (String parameter : ROLE_PARAMETERS) {
        String role = task.inputs.get(parameter);
        if (role != null && !role.isEmpty() && !role.contains("${") && service.get().resolveHost(role).isEmpty()) {
          out.add(new Diagnostic(name, task.line, task.column, where + ": " + parameter + " '" + role + "' is neither"
              + " primary, standby nor a host of service " + service.get().name()));
        }
      }
    }
  }
}
