package io.drover.remote;

/** A failure to reach a host or to run a command on it; carries the classified reason. */
public class RemoteException extends Exception {

  private final RemoteFailure reason;
  private final String host;

  public RemoteException(RemoteFailure reason, String host, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.host = host;
  }

  public RemoteException(RemoteFailure reason, String host, String message) {
    this(reason, host, message, null);
  }

  public RemoteFailure reason() {
    return reason;
  }

  public String host() {
    return host;
  }
}
