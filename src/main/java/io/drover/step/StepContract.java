package io.drover.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a step type takes, declared once beside its code: its name, the delegate BPMN names it by,
 * its actions, and its parameters (which name host roles, which are argument lists, which are
 * required for which actions). The linter ({@code drover validate}) checks drawn procedures against
 * it; tests check the runbook template's modules and the Modeler element templates against it.
 *
 * @param actions the values of its {@code action} parameter (empty: it has none)
 */
public record StepContract(String type, String delegate, List<String> actions, Map<String, Param> params) {

  /** Required for every action. */
  public static final Set<String> ALWAYS = Set.of("*");

  /**
   * @param role names a host role ({@code primary}, {@code standby}) or a host of the service
   * @param list an argument list (camunda:list, or JSON in element templates)
   * @param requiredFor the actions it is required for ({@link #ALWAYS}: all; empty: optional)
   */
  public record Param(String name, boolean role, boolean list, Set<String> requiredFor) {
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

    private Builder(String type, String delegate, List<String> actions) {
      this.type = type;
      this.delegate = delegate;
      this.actions = actions;
    }

    public Builder required(String name) {
      params.put(name, new Param(name, false, false, ALWAYS));
      return this;
    }

    public Builder role(String name) {
      params.put(name, new Param(name, true, false, ALWAYS));
      return this;
    }

    public Builder list(String name, String... requiredFor) {
      params.put(name, new Param(name, false, true, Set.of(requiredFor)));
      return this;
    }

    /** A host role that only some steps name (e.g. storage: the pg driver's host, not srdf's). */
    public Builder optionalRole(String name) {
      params.put(name, new Param(name, true, false, Set.of()));
      return this;
    }

    public Builder optional(String... names) {
      for (String name : names) {
        params.put(name, new Param(name, false, false, Set.of()));
      }
      return this;
    }

    /** Required only for some actions. */
    public Builder requiredFor(String name, String... actions) {
      params.put(name, new Param(name, false, false, Set.of(actions)));
      return this;
    }

    public StepContract build() {
      return new StepContract(type, delegate, actions, Map.copyOf(params));
    }
  }
}
