package io.drover.remote;

import io.drover.codes.DroverLogger;
import java.time.Duration;

/** The coded messages of the SSH layer ({@code DROVER-SSH-nnn}). */
public final class RemoteLogger extends DroverLogger {

  public static final RemoteLogger LOG = new RemoteLogger();

  private RemoteLogger() {
    super("io.drover.remote");
  }

  String unusableKey(String host, String why) {
    return "DROVER-SSH-002 the private key for " + host + " cannot be used: " + why;
  }

  String hostKeyNotPinned(String host, String expected, String presented) {
    return "DROVER-SSH-003 host key of " + host + " is not the pinned one: expected " + expected + ", presented "
        + presented + "; if the host was rebuilt, verify the new key out of band and update the inventory";
  }

  String credentialRefused(SshTarget target) {
    return "DROVER-SSH-004 " + target + " refused the " + (target.kerberos() == null ? "credential"
        : "Kerberos principal " + target.kerberos().principal()) + " of user " + target.user();
  }

  String cannotConnect(SshTarget target, RemoteFailure reason, String why) {
    return "DROVER-SSH-005 cannot connect to " + target + ": " + reason + " (" + why + ")";
  }

  String cannotOpenChannel(SshTarget target, String why) {
    return "DROVER-SSH-006 cannot open a channel on " + target + ": " + why;
  }

  /** @param how what was seen ("closed without an exit status", "broke"), with any detail */
  String connectionBroke(SshTarget target, String how) {
    return "DROVER-SSH-007 the connection to " + target + " " + how + " while the command ran";
  }

  String commandTimedOut(String host, Duration timeout, String after) {
    return "DROVER-SSH-008 the command on " + host + " did not finish within " + timeout + after;
  }

  String interrupted() {
    return "DROVER-SSH-009 interrupted";
  }

  void cannotRemoveFence(String dir, String runId, SshTarget target, String why) {
    log.warn("DROVER-SSH-010 cannot remove {}/{} on {}: {}", dir, runId, target, why);
  }
}
