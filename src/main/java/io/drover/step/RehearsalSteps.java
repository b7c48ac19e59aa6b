package io.drover.step;

import java.util.ArrayList;
import java.util.List;

/**
 * What a rehearsal's steps say of themselves: which steps are its cleanup (their ids start with
 * {@code Task_CleanUp}, as drawn and as compiled), and the lines a step prints to report the recovery
 * point it used ({@code recovery-point: ...} on stdout) and what a cleanup could not remove
 * ({@code leftover: ...} on stderr).
 */
public final class RehearsalSteps {

  /** The id prefix of cleanup steps. */
  public static final String CLEANUP_PREFIX = "Task_CleanUp";
  public static final String RECOVERY_POINT = "recovery-point:";
  public static final String LEFTOVER = "leftover:";

  private RehearsalSteps() {
  }

  public static boolean isCleanup(String stepId) {
    return stepId != null && stepId.startsWith(CLEANUP_PREFIX);
  }

  /** The values of the lines of {@code output} that start with {@code marker}, trimmed. */
  public static List<String> lines(String output, String marker) {
    List<String> values = new ArrayList<>();
    if (output == null) {
      return values;
    }
    for (String line : output.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith(marker) && trimmed.length() > marker.length()) {
        values.add(trimmed.substring(marker.length()).strip());
      }
    }
    return values;
  }
}
