package io.drover.step;

import java.util.List;

/**
 * A kind of step (module): does one thing on one host role. Implementations are plain services,
 * tested without an engine; a delegate adapts them to BPMN.
 */
public interface StepType {

  /** The name used in BPMN ({@code drover:type}) and runbooks, e.g. {@code command}. */
  /** What this step type takes: its delegate's name, actions and parameters (one home: {@link StepContracts}). */
  StepContract contract();

  String name();

  /**
   * Performs the step once.
   *
   * @param request the run, the service and the step's parameters
   * @param recorder tell it what is about to run before touching a host
   * @return the result when the step achieved its effect
   * @throws StepFailure when it did not; the failure policy decides what follows
   */
  StepResult execute(StepRequest request, AttemptRecorder recorder) throws StepFailure;

  /**
   * Whether the step's command runs fenced ({@link AttemptRecorder#fence()}), so that an attempt
   * Drover lost track of can be found again on its host. Step types that are not check their target's
   * state before they act, so running them again is safe.
   */
  default boolean fenced() {
    return false;
  }

  /**
   * What the step needs before it may run (hosts, sudo rights, secrets), from its parameters alone:
   * the preflight checks them before a run starts. A parameter that is wrong already fails here.
   */
  default StepNeeds needs(StepRequest request) throws StepFailure {
    return StepNeeds.NONE;
  }

  /**
   * Read-only checks of the step's target before a run (preflight), where the step type has them:
   * the state it will act on is one it can act from. Returns what is wrong, empty when nothing is;
   * changes nothing. A {@link StepFailure} means the check itself could not be made.
   */
  default List<String> probe(StepRequest request) throws StepFailure {
    return List.of();
  }

  /**
   * What the step would do, in one line, for a dry run: its parameters as the run would pass them
   * (secrets stay references or masked). Step types whose command line is known say it exactly.
   */
  default String preview(StepRequest request) throws StepFailure {
    StringBuilder text = new StringBuilder(name());
    request.parameters().forEach((key, value) -> {
      if (!key.equals("host") && !key.equals("timeout")) {
        text.append(' ').append(key).append('=').append(value);
      }
    });
    return text.toString();
  }

  /** Masks what this step's secrets would show in output read back from a host (re-attached attempts). */
  default String mask(StepRequest request, String output) throws StepFailure {
    return output;
  }
}
