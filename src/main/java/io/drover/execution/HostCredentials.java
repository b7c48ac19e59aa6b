package io.drover.execution;

/** How Drover logs in to a host for a run, for the attempt's row in the journal (a port). */
@FunctionalInterface
public interface HostCredentials {

  /**
   * @param host the attempt's host as the step type names it (an inventory name, {@code from->to}, or {@code -})
   * @return e.g. {@code certificate serial=N id="drover run=..."}, or null when no SSH host is involved
   */
  String of(String runId, String host);
}
