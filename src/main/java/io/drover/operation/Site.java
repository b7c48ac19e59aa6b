package io.drover.operation;

/** Which of a service's two sites. */
public enum Site {
  PRIMARY, STANDBY
}
