package io.drover.step.catalog;

import io.drover.step.StepContract;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameter reference of every step type, in Markdown, written from the contracts: the block
 * docs/procedures.md holds between its {@code step-parameters} markers (a test keeps it equal).
 */
public final class ParameterReference {

  public static final String START = "<!-- step-parameters: written by `drover templates --reference`; do not edit -->";
  public static final String END = "<!-- /step-parameters -->";

  private ParameterReference() {
  }

  public static String markdown() {
    StringBuilder text = new StringBuilder(START).append("\n");
    for (StepContract contract : StepContracts.ALL) {
      text.append("\n### `").append(contract.type()).append("` (`").append(contract.delegateExpression())
          .append("`)\n\n").append(contract.description()).append("\n\n")
          .append("| parameter | required | what it is | Modeler's default |\n|---|---|---|---|\n");
      if (!contract.actions().isEmpty()) {
        StepContract.Field action = contract.form().get("action");
        text.append("| `action` | always | ").append(cell(String.join(", ", contract.actions())
            + (action != null && action.description() != null ? ". " + action.description() : ""))).append(" | ")
            .append(action == null ? "" : code(action.value())).append(" |\n");
      }
      for (StepContract.Param param : contract.params().values()) {
        StepContract.Field field = contract.form().get(param.name());
        text.append("| `").append(param.name()).append("` | ").append(required(param)).append(" | ")
            .append(cell(meaning(param, field))).append(" | ").append(field == null ? "" : code(field.value()))
            .append(" |\n");
      }
    }
    return text.append("\n").append(END).toString();
  }

  private static String required(StepContract.Param param) {
    if (param.requiredAlways()) {
      return "always";
    }
    return param.requiredFor().isEmpty() ? "no" : "for " + String.join(", ", param.requiredFor().stream().sorted()
        .toList());
  }

  private static String meaning(StepContract.Param param, StepContract.Field field) {
    List<String> parts = new ArrayList<>();
    parts.add(param.meaning().replaceAll("\\.$", ""));
    if (param.role() && !param.meaning().contains("primary, standby")) {
      parts.add("a host role (primary, standby) or a host of the service");
    }
    if (param.list()) {
      parts.add("an argument list");
    }
    if (field != null && !field.choices().isEmpty()) {
      parts.add("one of " + String.join(", ", field.choices()));
    }
    return String.join("; ", parts);
  }

  private static String code(String value) {
    return value == null || value.isEmpty() ? "" : "`" + value + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
