package io.drover.step;

import io.drover.remote.RemoteFailure;

/**
 * Why a step attempt failed; classified by exception type, never by message text. A failure of the
 * SSH layer ({@link RemoteFailure}) keeps its name here.
 */
public enum FailureReason {
  /** The command ran and returned a non-zero exit status. */
  NON_ZERO_EXIT,
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
  /** The login user may not run a command that needs root ({@code sudo -n} refused). */
  PERMISSION_DENIED,
  /** The target is in a state the step cannot act from (e.g. a DNS alias points at a third host). */
  UNEXPECTED_STATE,
  /** The DNS server answered an update with an error (REFUSED, NOTAUTH, BADSIG, BADTIME, ...). */
  DNS_UPDATE_FAILED,
  /**
   * An earlier attempt was started and Drover lost track of it (node, session or database gone), and
   * the host cannot say what became of it: the policy decides, the command is not run blindly again.
   */
  IN_DOUBT_ATTEMPT,
  /** The step could not be prepared (missing credential, bad parameter). */
  CONFIGURATION;

  /** The step's reason for a failure of the SSH layer: the same name. */
  public static FailureReason of(RemoteFailure failure) {
    return valueOf(failure.name());
  }
}
