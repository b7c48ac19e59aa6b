package io.drover.remote;

/**
 * Why the SSH layer could not open a session or run a command to its end; classified by exception
 * type, never by message text. A step's {@code RemoteFailure} has the same names, and more.
 */
public enum RemoteFailure {
  /** The TCP connection or the SSH handshake did not complete in time. */
  CONNECTION_TIMEOUT,
  /** The host refused the TCP connection. */
  CONNECTION_REFUSED,
  /** No route to the host, or its name does not resolve. */
  HOST_UNREACHABLE,
  /** The host rejected Drover's credential. */
  AUTHENTICATION_FAILED,
  /** The host presented a key other than the pinned one, or no key is pinned for it. */
  HOST_KEY_MISMATCH,
  /** The command did not finish within its time limit. */
  TIMEOUT,
  /** The SSH connection broke while the command ran. */
  CONNECTION_LOST,
  /** The connection could not be prepared (no credential for the host). */
  CONFIGURATION
}
