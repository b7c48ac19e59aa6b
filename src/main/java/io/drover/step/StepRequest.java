package io.drover.step;

import io.drover.remote.FailureReason;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * One step invocation: which run, which service, the step's parameters (never secrets: those are
 * named, and fetched from the secret store by the step type).
 */
public record StepRequest(String runId, String service, String stepId, Map<String, Object> parameters) {

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

  /** A list parameter; each element becomes one argument. */
  public List<String> arguments(String name) throws StepFailure {
    Object value = parameters.get(name);
    if (value instanceof List<?> list && !list.isEmpty()) {
      return list.stream().map(item -> item == null ? "" : item.toString()).toList();
    }
    throw invalid("parameter '" + name + "' must be a non-empty list of arguments");
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
