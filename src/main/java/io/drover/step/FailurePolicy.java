package io.drover.step;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed step does: {@code DIE}, {@code WARN}, {@code ASK}, or {@code RETRY n DIE|WARN}
 * (the patent's {@code RETRY, n DIE} is accepted too).
 *
 * @param retries how many more attempts after the first one (0 without RETRY)
 * @param finalAction what happens once no attempt is left
 */
public record FailurePolicy(int retries, Action finalAction) {

  /** What a failure turns into once retries are used up. */
  public enum Action {
    /** Log, show, end the run {@code FAILED}; no later step runs. */
    DIE,
    /** Log, show, go on with the next step; the run ends {@code SUCCEEDED_WITH_WARNINGS}. */
    WARN,
    /** A person decides in Tasklist: retry, skip (as WARN) or abort (as DIE). */
    ASK
  }

  /** The largest retry count accepted; more is a modelling mistake, not a policy. */
  public static final int MAX_RETRIES = 100;

  private static final Pattern RETRY = Pattern.compile("RETRY\\s*,?\\s*(\\d{1,3})\\s+(DIE|WARN)");

  public static final FailurePolicy DIE = new FailurePolicy(0, Action.DIE);

  public FailurePolicy {
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new IllegalArgumentException("retries must be 0.." + MAX_RETRIES);
    }
    if (retries > 0 && finalAction == Action.ASK) {
      throw new IllegalArgumentException("RETRY ends in DIE or WARN, not ASK");
    }
  }

  /** Parses a policy; the message of the exception says what is accepted. */
  public static FailurePolicy parse(String text) {
    String value = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    switch (value) {
      case "DIE":
        return DIE;
      case "WARN":
        return new FailurePolicy(0, Action.WARN);
      case "ASK":
        return new FailurePolicy(0, Action.ASK);
      default:
        Matcher m = RETRY.matcher(value);
        if (m.matches()) {
          int retries = Integer.parseInt(m.group(1));
          if (retries >= 1 && retries <= MAX_RETRIES) {
            return new FailurePolicy(retries, Action.valueOf(m.group(2)));
          }
        }
        throw new IllegalArgumentException("onFailure '" + (text == null ? "" : text.trim())
            + "' is not a policy: use DIE, WARN, ASK, or RETRY n DIE / RETRY n WARN with n from 1 to " + MAX_RETRIES);
    }
  }

  private static final Pattern RETRY_WITHOUT_COUNT = Pattern.compile("RETRY\\s+(DIE|WARN)");

  /**
   * Parses a policy given as Camunda Modeler's element templates write it: {@code onFailure} from
   * a dropdown ({@code RETRY DIE} without a count) and the count in {@code retries}.
   */
  public static FailurePolicy parse(String onFailure, String retries) {
    String value = onFailure == null ? "" : onFailure.trim().toUpperCase(Locale.ROOT);
    Matcher m = RETRY_WITHOUT_COUNT.matcher(value);
    if (m.matches()) {
      if (retries == null || !retries.trim().matches("\\d{1,3}")) {
        throw new IllegalArgumentException("onFailure '" + onFailure.trim() + "' needs 'retries' (1 to " + MAX_RETRIES
            + "), or write it as RETRY n " + m.group(1));
      }
      return parse("RETRY " + retries.trim() + " " + m.group(1));
    }
    return parse(onFailure);
  }

  /** The {@code camunda:property} a task or process writes its policy in. */
  public static final String PROPERTY = "onFailure";
  /** The {@code camunda:property} beside {@code onFailure = RETRY DIE|WARN}: how many more attempts. */
  public static final String RETRIES_PROPERTY = "retries";

  /**
   * The one reading of a step's policy from a model, whatever reads the model (the engine's parse
   * listener, the linter, the preflight): the task's own {@code onFailure} (with its {@code retries})
   * if it has one, else the process's, else DIE.
   *
   * @param task the task's camunda:properties
   * @param process the process's camunda:properties
   * @throws IllegalArgumentException when the policy that applies is not one
   */
  public static FailurePolicy of(java.util.Map<String, String> task, java.util.Map<String, String> process) {
    java.util.Map<String, String> source = task.containsKey(PROPERTY) ? task : process;
    String text = source.get(PROPERTY);
    return text == null ? DIE : parse(text, source.get(RETRIES_PROPERTY));
  }

  /** What a failed attempt comes to: another attempt, or the policy's final action. */
  public enum Verdict {
    RETRY, DIE, WARN, ASK
  }

  /**
   * The verdict on attempt number {@code attempt} (1 for the first) having failed: RETRY while
   * attempts are left, then the final action. The engine adapter only translates it (a job retry, an
   * error event, a Tasklist task).
   */
  public Verdict verdict(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts are numbered from 1, not " + attempt);
    }
    return attempt < maxAttempts() ? Verdict.RETRY : Verdict.valueOf(finalAction.name());
  }

  /** Total attempts the policy allows. */
  public int maxAttempts() {
    return retries + 1;
  }

  @Override
  public String toString() {
    return retries == 0 ? finalAction.name() : "RETRY " + retries + " " + finalAction;
  }
}
