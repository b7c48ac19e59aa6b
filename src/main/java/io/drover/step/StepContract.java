package io.drover.step;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a step type takes, declared once beside its code: its name, the delegate BPMN names it by,
 * its actions, its parameters (which name host roles, which are argument lists, which are required
 * for which actions) and what a planner reads about each (label, meaning, default, the pattern a
 * value must match). The linter ({@code drover validate}) checks drawn procedures against it; the
 * Modeler element templates ({@code drover templates}) and the parameter reference of
 * docs/procedures.md are written from it, and tests keep the committed ones and the runbook
 * template in step with it.
 *
 * @param actions the values of its {@code action} parameter (empty: it has none)
 * @param form the fields Modeler's panel shows, in order ({@code action} among them where it has actions)
 */
public record StepContract(String type, String delegate, List<String> actions, Map<String, Param> params,
    String title, String description, Map<String, Field> form) {

  /** Required for every action. */
  public static final Set<String> ALWAYS = Set.of("*");

  /** The delegate expression a service task of this step type carries. */
  public String delegateExpression() {
    return "${" + delegate + "}";
  }

  /**
   * @param role names a host role ({@code primary}, {@code standby}) or a host of the service
   * @param list an argument list (camunda:list, or JSON in element templates)
   * @param requiredFor the actions it is required for ({@link #ALWAYS}: all; empty: optional)
   * @param meaning what it is, for the parameter reference
   */
  public record Param(String name, boolean role, boolean list, Set<String> requiredFor, String meaning) {

    public boolean requiredAlways() {
      return requiredFor.contains("*");
    }
  }

  /**
   * A field of the step's element template.
   *
   * @param value its default in Modeler (empty: none)
   * @param text a multi-line field
   * @param choices a dropdown's values (empty: free text)
   * @param pattern what a value must match, or null
   */
  public record Field(String name, String label, String value, String description, boolean text, List<String> choices,
      Constraint pattern) {
  }

  /** A regular expression a value must match, and the message Modeler shows when it does not. */
  public record Constraint(String regex, String message) {
  }

  /** The parameters a step with {@code action} (null: the step type has no action) must have. */
  public List<String> required(String action) {
    List<String> required = new ArrayList<>();
    if (!actions.isEmpty()) {
      required.add("action");
    }
    params.values().forEach(p -> {
      if (p.requiredFor().contains("*") || (action != null && p.requiredFor().contains(action))) {
        required.add(p.name());
      }
    });
    return required;
  }

  /** The parameters every step of this type must have, whatever its action. */
  public List<String> requiredAlways() {
    return required(null);
  }

  public static Builder of(String type, String delegate, String... actions) {
    return new Builder(type, delegate, List.of(actions));
  }

  public static final class Builder {
    private final String type;
    private final String delegate;
    private final List<String> actions;
    private final Map<String, Param> params = new LinkedHashMap<>();
    private final Map<String, Field> form = new LinkedHashMap<>();
    private String title = "";
    private String description = "";
    private String last;

    private Builder(String type, String delegate, List<String> actions) {
      this.type = type;
      this.delegate = delegate;
      this.actions = actions;
    }

    /** The element template's name and description. */
    public Builder title(String title, String description) {
      this.title = title;
      this.description = description;
      return this;
    }

    /** The action's field in Modeler: a dropdown of the actions, {@code value} preselected. */
    public Builder action(String label, String value, String description) {
      form.put("action", new Field("action", label, value, description, false, actions, null));
      last = null;
      return this;
    }

    public Builder required(String name) {
      return param(name, false, false, ALWAYS);
    }

    public Builder role(String name) {
      return param(name, true, false, ALWAYS);
    }

    public Builder list(String name, String... requiredFor) {
      return param(name, false, true, Set.of(requiredFor));
    }

    /** A host role that only some steps name (e.g. storage: the pg driver's host, not srdf's). */
    public Builder optionalRole(String name) {
      return param(name, true, false, Set.of());
    }

    public Builder optional(String name) {
      return param(name, false, false, Set.of());
    }

    /** Required only for some actions. */
    public Builder requiredFor(String name, String... actions) {
      return param(name, false, false, Set.of(actions));
    }

    /** What the last parameter is, for the parameter reference (one not shown in Modeler's panel). */
    public Builder means(String meaning) {
      Param p = params.get(last);
      params.put(last, new Param(p.name(), p.role(), p.list(), p.requiredFor(), meaning));
      return this;
    }

    /** The last parameter's field in Modeler's panel; its description is also its meaning. */
    public Builder field(String label, String value, String description, Constraint pattern) {
      return field(label, value, description, pattern, false, List.of());
    }

    /** A multi-line field (argument lists). */
    public Builder textField(String label, String value, String description, Constraint pattern) {
      return field(label, value, description, pattern, true, List.of());
    }

    /** A dropdown field. */
    public Builder choiceField(String label, String value, String description, String... choices) {
      return field(label, value, description, null, false, List.of(choices));
    }

    private Builder field(String label, String value, String description, Constraint pattern, boolean text,
        List<String> choices) {
      form.put(last, new Field(last, label, value, description, text, choices, pattern));
      if (params.get(last).meaning() == null) {
        means(description == null ? label : description);
      }
      return this;
    }

    private Builder param(String name, boolean role, boolean list, Set<String> requiredFor) {
      params.put(name, new Param(name, role, list, requiredFor, null));
      last = name;
      return this;
    }

    public StepContract build() {
      return new StepContract(type, delegate, actions, Collections.unmodifiableMap(new LinkedHashMap<>(params)),
          title, description, Collections.unmodifiableMap(new LinkedHashMap<>(form)));
    }
  }
}
