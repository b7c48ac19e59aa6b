package io.drover.operation;

/** Whether a service may be operated on. */
public enum ServiceStatus {
  /** The active site is known; a run may start. */
  READY,
  /** A run is in progress. */
  RUNNING,
  /** A run failed or was aborted; an operator must look at the hosts and acknowledge. */
  IN_DOUBT
}
