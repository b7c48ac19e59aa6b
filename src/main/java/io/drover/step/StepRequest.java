package io.drover.step;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;

/**
 * One step invocation: which run, which service, the step's parameters (never secrets: those are
 * named, and fetched from the secret store by the step type).
 */
public record StepRequest(String runId, String service, String stepId, Map<String, Object> parameters,
    Map<String, Object> variables) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{var:([A-Za-z][A-Za-z0-9_]*)}}");

  public String string(String name) throws StepFailure {
    Object value = parameters.get(name);
    if (value == null || value.toString().isBlank()) {
      throw invalid("parameter '" + name + "' is missing");
    }
    return value.toString();
  }

  public String string(String name, String fallback) {
    Object value = parameters.get(name);
    return value == null || value.toString().isBlank() ? fallback : value.toString();
  }

  /**
   * An argument list: a BPMN list, or a JSON array of strings (as Modeler's element templates write
   * it). Each element becomes one argument; {@code {{var:NAME}}} in an element is replaced by the
   * run's variable NAME after parsing, so a value can never add or split arguments.
   */
  public List<String> arguments(String name) throws StepFailure {
    List<String> arguments = new ArrayList<>();
    for (String argument : templates(name)) {
      arguments.add(substitute(argument));
    }
    return arguments;
  }

  /**
   * An argument list as the procedure wrote it, placeholders not yet replaced: for a step type that
   * resolves {@code {{secret:...}}} itself, in the procedure's text only (see {@link SecretArguments}).
   */
  public List<String> templates(String name) throws StepFailure {
    Object value = parameters.get(name);
    List<String> raw;
    if (value instanceof List<?> list) {
      raw = list.stream().map(item -> item == null ? "" : item.toString()).toList();
    } else if (value instanceof String text && text.trim().startsWith("[")) {
      try {
        raw = List.of(JSON.readValue(text, String[].class));
      } catch (JsonProcessingException e) {
        throw invalid("parameter '" + name + "' is not a JSON array of strings: " + e.getOriginalMessage());
      }
    } else {
      raw = List.of();
    }
    if (raw.isEmpty()) {
      throw invalid("parameter '" + name + "' must be a non-empty list of arguments (a BPMN list or a JSON array)");
    }
    return raw;
  }

  private String substitute(String argument) throws StepFailure {
    Matcher m = VARIABLE.matcher(argument);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(variable(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The value of the run's variable NAME, taken as it is (never scanned for placeholders). */
  public String variable(String name) throws StepFailure {
    Object value = variables.get(name);
    if (value == null) {
      throw invalid("variable '" + name + "' used in an argument is not set for this run");
    }
    return value.toString();
  }

  public Duration duration(String name, Duration fallback) throws StepFailure {
    Object value = parameters.get(name);
    if (value == null || value.toString().isBlank()) {
      return fallback;
    }
    try {
      return Duration.parse(value.toString().trim());
    } catch (DateTimeParseException e) {
      throw invalid("parameter '" + name + "' is '" + value + "', not an ISO-8601 duration such as PT30S");
    }
  }

  private StepFailure invalid(String message) {
    return new StepFailure(FailureReason.CONFIGURATION, "step " + stepId + ": " + message, null, null, null, null);
  }
}
