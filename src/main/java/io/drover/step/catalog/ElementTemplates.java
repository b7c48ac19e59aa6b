package io.drover.step.catalog;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.drover.step.Fields;
import io.drover.step.StepContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Camunda Modeler's element templates of Drover's step types, written from their contracts (and the
 * operator's decision task): {@code drover templates -o bpmn/.camunda/element-templates} writes the
 * files; a test keeps the committed ones equal to what this writes.
 */
public final class ElementTemplates {

  static final String SCHEMA = "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json";
  /** Written as Modeler and most editors write JSON: two-space indent, arrays one item per line, {@code "key": value}. */
  private static final ObjectWriter JSON = new ObjectMapper().writer(new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
      .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));

  private ElementTemplates() {
  }

  /** File name to template, for every step type and the decision task. */
  public static Map<String, Map<String, Object>> all() {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    for (StepContract contract : StepContracts.ALL) {
      all.put(fileName(contract), of(contract));
    }
    all.put("drover-step-decision.json", decision());
    return all;
  }

  /** The template's file, {@code drover-<type>.json}. */
  public static String fileName(StepContract contract) {
    return "drover-" + contract.type() + ".json";
  }

  /** The template's id, which compiled tasks name in {@code camunda:modelerTemplate}. */
  public static String id(StepContract contract) {
    return "io.drover.step." + contract.type();
  }

  public static Map<String, Object> of(StepContract contract) {
    List<Object> properties = new ArrayList<>();
    properties.add(hidden(contract.delegateExpression(), "property", "camunda:delegateExpression"));
    properties.add(hidden(true, "property", "camunda:asyncBefore"));
    for (StepContract.Field field : contract.form().values()) {
      properties.add(property(contract, field));
    }
    properties.addAll(policy());
    Map<String, Object> template = header(contract.title(), id(contract), contract.description(), "bpmn:ServiceTask");
    template.put("properties", properties);
    return template;
  }

  /** Writes every template to {@code dir}; the names of the files written. */
  public static List<String> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> written = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> template : all().entrySet()) {
      Files.writeString(dir.resolve(template.getKey()), text(template.getValue()));
      written.add(template.getKey());
    }
    return written;
  }

  /** As the file holds it: indented JSON with a final newline. */
  public static String text(Map<String, Object> template) {
    try {
      return JSON.writeValueAsString(template) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> property(StepContract contract, StepContract.Field field) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("label", field.label());
    p.put("type", !field.choices().isEmpty() ? "Dropdown" : field.text() ? "Text" : "String");
    p.put("value", field.value());
    p.put("binding", binding("camunda:inputParameter", field.name()));
    if (field.description() != null) {
      p.put("description", field.description());
    }
    if (!field.choices().isEmpty()) {
      p.put("choices", field.choices().stream().map(c -> Map.of("name", c, "value", c)).toList());
    }
    Map<String, Object> constraints = new LinkedHashMap<>();
    StepContract.Param param = contract.params().get(field.name());
    if (field.name().equals("action") || param != null && param.requiredAlways()) {
      constraints.put("notEmpty", true);
    }
    if (field.pattern() != null) {
      constraints.put("pattern", pattern(field.pattern()));
    }
    if (!constraints.isEmpty()) {
      p.put("constraints", constraints);
    }
    return p;
  }

  /** The failure policy's fields, the same on every step type. */
  private static List<Object> policy() {
    Map<String, Object> onFailure = new LinkedHashMap<>();
    onFailure.put("label", "On failure");
    onFailure.put("description", "DIE: stop the run (FAILED). WARN: log and go on. ASK: an operator decides in"
        + " Tasklist. RETRY: try again 'Retries' times, then DIE or WARN. WARN, ASK and RETRY WARN need an error boundary"
        + " event (code DROVER_STEP_FAILED).");
    onFailure.put("type", "Dropdown");
    onFailure.put("value", "DIE");
    onFailure.put("choices", List.of(Map.of("name", "DIE", "value", "DIE"), Map.of("name", "WARN", "value", "WARN"),
        Map.of("name", "ASK", "value", "ASK"), Map.of("name", "RETRY then DIE", "value", "RETRY DIE"),
        Map.of("name", "RETRY then WARN", "value", "RETRY WARN")));
    onFailure.put("binding", binding("camunda:property", "onFailure"));
    Map<String, Object> retries = new LinkedHashMap<>();
    retries.put("label", "Retries");
    retries.put("description", "With RETRY: how many more attempts (1-100); at most retries+1 attempts in all.");
    retries.put("type", "String");
    retries.put("value", "");
    retries.put("binding", binding("camunda:property", "retries"));
    retries.put("constraints", Map.of("pattern", pattern(new StepContract.Constraint("^([1-9][0-9]?|100)?$",
        "a whole number from 1 to 100, or empty without RETRY"))));
    Map<String, Object> delay = new LinkedHashMap<>();
    delay.put("label", "Retry delay");
    delay.put("description", "With RETRY: ISO-8601 delay between attempts; empty takes drover.procedures.retry-delay.");
    delay.put("type", "String");
    delay.put("value", "");
    delay.put("binding", binding("camunda:property", "retryDelay"));
    delay.put("constraints", Map.of("pattern", pattern(Fields.DURATION)));
    return List.of(onFailure, retries, delay);
  }

  /**
   * The operator's decision on a failed ASK step: a user task bound to Drover's decision form,
   * offered to the service's group; the engine checks and journals the decision whatever the model
   * says (Camunda 7 templates cannot bind task listeners).
   */
  private static Map<String, Object> decision() {
    Map<String, Object> template = header("Drover: operator decides on a failed step (ASK)", "io.drover.decision",
        "Follows the error boundary event of an ASK step; its outgoing gateway routes ${decision == 'retry'} back to"
        + " the step, 'skip' on, 'abort' to an end event. Drover checks who decides and why.", "bpmn:UserTask");
    template.put("properties", List.of(hidden("drover-step-decision", "property", "camunda:formRef"),
        hidden("deployment", "property", "camunda:formRefBinding"),
        hidden("${serviceGroup}", "property", "camunda:candidateGroups")));
    return template;
  }

  private static Map<String, Object> header(String name, String id, String description, String appliesTo) {
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("$schema", SCHEMA);
    template.put("name", name);
    template.put("id", id);
    template.put("version", 1);
    template.put("description", description);
    template.put("appliesTo", List.of(appliesTo));
    return template;
  }

  private static Map<String, Object> hidden(Object value, String type, String name) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "Hidden");
    p.put("value", value);
    p.put("editable", false);
    p.put("binding", binding(type, name));
    return p;
  }

  private static Map<String, Object> binding(String type, String name) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("type", type);
    b.put("name", name);
    return b;
  }

  private static Map<String, Object> pattern(StepContract.Constraint constraint) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("value", constraint.regex());
    p.put("message", constraint.message());
    return p;
  }
}
