package io.drover.step;

import java.util.Optional;

/**
 * Who asked for a run and who approved it, for the certificate Drover's SSH CA signs for it (a port:
 * the run store answers it).
 */
public interface RunRequester {

  /** The run's service, requester and approver (null when it needed no approval), if the run exists. */
  Optional<Who> of(String runId);

  record Who(String service, String requester, String approver) {
  }
}
