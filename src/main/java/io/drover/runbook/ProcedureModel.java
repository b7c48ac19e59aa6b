package io.drover.runbook;

import java.util.List;
import java.util.Map;

/**
 * A procedure ready to be written as BPMN: the steps of one runbook target, in order.
 *
 * @param id the process id, {@code <service>-<operation>}
 * @param onFailure the target's default policy
 * @param retryDelay the target's delay between RETRY attempts, or null for the server default
 * @param cleanup a rehearsal's cleanup steps (its {@code [REHEARSE-CLEANUP]} section): they run after the
 *     steps, and after any step that failed under DIE; empty for other procedures
 */
public record ProcedureModel(String id, String name, String documentation, String onFailure, String retryDelay,
    List<Step> steps, List<Step> cleanup) {

  public ProcedureModel(String id, String name, String documentation, String onFailure, String retryDelay,
      List<Step> steps) {
    this(id, name, documentation, onFailure, retryDelay, steps, List.of());
  }

  /**
   * One service task.
   *
   * @param delegate the Spring bean of the step type, e.g. {@code commandStep}
   * @param parameters input parameters: a String, or a List of Strings for argument lists
   * @param onFailure this step's policy when it overrides the target's, else null
   */
  public record Step(String id, String name, String delegate, Map<String, Object> parameters, String onFailure,
      String retries) {
  }
}
