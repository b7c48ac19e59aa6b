package io.drover.remote;

import com.jcraft.jsch.JSchHostKeyException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Maps an exception raised while opening a session to a {@link FailureReason}, by type. */
final class ConnectFailureClassifier {

  private ConnectFailureClassifier() {
  }

  /**
   * @param failure what JSch threw
   * @param keys the host key check of this attempt
   * @param socketOpened whether the TCP connection was established
   */
  static FailureReason classify(Throwable failure, PinnedHostKeyRepository keys, boolean socketOpened) {
    if (keys.refusedKey() || failure instanceof JSchHostKeyException) {
      return FailureReason.HOST_KEY_MISMATCH;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return FailureReason.CONNECTION_TIMEOUT;
      }
      if (t instanceof ConnectException) {
        return FailureReason.CONNECTION_REFUSED;
      }
      if (t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
        return FailureReason.HOST_UNREACHABLE;
      }
    }
    if (!socketOpened) {
      return FailureReason.CONNECTION_TIMEOUT;
    }
    // the key was accepted and the connection is up: what remains is authentication
    return keys.keyAccepted() ? FailureReason.AUTHENTICATION_FAILED : FailureReason.CONNECTION_LOST;
  }
}
