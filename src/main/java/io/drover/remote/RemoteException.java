package io.drover.remote;

/** A failure to reach a host or to run a command on it; carries the classified reason. */
public class RemoteException extends Exception {

  private final FailureReason reason;
  private final String host;

  public RemoteException(FailureReason reason, String host, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.host = host;
  }

  public RemoteException(FailureReason reason, String host, String message) {
    this(reason, host, message, null);
  }

  public FailureReason reason() {
    return reason;
  }

  public String host() {
    return host;
  }
}
