package io.drover.step;

import io.drover.remote.RemoteCommand;
import io.drover.security.CredentialStore;
import io.drover.security.MissingCredentialException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code {{secret:NAME}}} and {@code {{var:NAME}}} in command arguments, in one pass over
 * the procedure's own text: a secret reference counts only where the procedure wrote it, never
 * inside a variable's value. The real command carries a secret's value; its display form and any
 * output that echoes it show {@code ********}.
 */
public final class SecretArguments {

  static final String MASK = "********";
  private static final Pattern REFERENCE = Pattern.compile(
      "\\{\\{(?:secret:([A-Za-z0-9][A-Za-z0-9._-]{0,127})|var:([A-Za-z][A-Za-z0-9_]*))}}");

  private final RemoteCommand command;
  private final Set<String> values;

  private SecretArguments(RemoteCommand command, Set<String> values) {
    this.command = command;
    this.values = values;
  }

  /** The step's argument list {@code name}, expanded. */
  public static SecretArguments expand(StepRequest request, String name, CredentialStore store) throws StepFailure {
    List<String> arguments = request.templates(name);
    List<String> real = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    Set<String> values = new LinkedHashSet<>();
    for (String argument : arguments) {
      Matcher m = REFERENCE.matcher(argument);
      StringBuilder realArg = new StringBuilder();
      StringBuilder shownArg = new StringBuilder();
      int last = 0;
      while (m.find()) {
        if (m.group(2) != null) {
          String value = request.variable(m.group(2));
          realArg.append(argument, last, m.start()).append(value);
          shownArg.append(argument, last, m.start()).append(value);
          last = m.end();
          continue;
        }
        String value;
        try {
          value = new String(store.get(m.group(1)), StandardCharsets.UTF_8).strip();
        } catch (MissingCredentialException e) {
          throw new StepFailure(FailureReason.CONFIGURATION, e.getMessage(), null, null, null, e);
        }
        if (!value.isEmpty()) {
          values.add(value);
        }
        realArg.append(argument, last, m.start()).append(value);
        shownArg.append(argument, last, m.start()).append(MASK);
        last = m.end();
      }
      realArg.append(argument.substring(last));
      shownArg.append(argument.substring(last));
      real.add(realArg.toString());
      shown.add(shownArg.toString());
    }
    return new SecretArguments(RemoteCommand.withMasked(real, shown), values);
  }

  public RemoteCommand command() {
    return command;
  }

  /** The text with every expanded secret value masked. */
  public String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = text;
    for (String value : values) {
      masked = masked.replace(value, MASK);
    }
    return masked;
  }
}
