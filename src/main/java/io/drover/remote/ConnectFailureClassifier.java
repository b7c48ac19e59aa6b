package io.drover.remote;

import com.jcraft.jsch.JSchHostKeyException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Maps an exception raised while opening a session to a {@link RemoteFailure}, by type. */
final class ConnectFailureClassifier {

  private ConnectFailureClassifier() {
  }

  /**
   * @param failure what JSch threw
   * @param keys the host key check of this attempt
   * @param socketOpened whether the TCP connection was established
   */
  static RemoteFailure classify(Throwable failure, PinnedHostKeyRepository keys, boolean socketOpened) {
    if (keys.refusedKey() || failure instanceof JSchHostKeyException) {
      return RemoteFailure.HOST_KEY_MISMATCH;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return RemoteFailure.CONNECTION_TIMEOUT;
      }
      if (t instanceof ConnectException) {
        return RemoteFailure.CONNECTION_REFUSED;
      }
      if (t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
        return RemoteFailure.HOST_UNREACHABLE;
      }
    }
    if (!socketOpened) {
      return RemoteFailure.CONNECTION_TIMEOUT;
    }
    // the key was accepted and the connection is up: what remains is authentication
    return keys.keyAccepted() ? RemoteFailure.AUTHENTICATION_FAILED : RemoteFailure.CONNECTION_LOST;
  }
}
