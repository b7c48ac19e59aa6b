package io.drover.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Open mode (no issuer: the API takes no credentials) exists for the demo on this machine only: the
 * server refuses to start in it when any listener it is configured with (the main one and a separate
 * management port) would bind beyond loopback. {@link OpenModeListeners} checks the bound listeners
 * once more.
 */
@Component
class OpenModeGuard {

  @Autowired
  OpenModeGuard(SecurityProperties security, @Value("${server.address:}") String address,
      @Value("${server.port:8080}") String port, @Value("${management.server.port:}") String managementPort,
      @Value("${management.server.address:}") String managementAddress) {
    refuseUnlessLoopback(security, "the API", address);
    if (separate(managementPort, port)) {
      refuseUnlessLoopback(security, "the management port " + managementPort.strip(), managementAddress);
    }
  }

  OpenModeGuard(SecurityProperties security, String address) {
    this(security, address, "8080", "", "");
  }

  static void refuseUnlessLoopback(SecurityProperties security, String listener, String address) {
    if (!security.enabled() && !loopback(address)) {
      throw new StartupRefusedException(SecurityLogger.LOG.openModeBeyondLoopback(listener,
          address == null || address.isBlank() ? "every address" : address.strip()));
    }
  }

  /** A management port of its own: set, not disabled (-1) and not the main port. */
  private static boolean separate(String managementPort, String port) {
    String m = managementPort == null ? "" : managementPort.strip();
    return !m.isEmpty() && !m.equals("-1") && !m.equals(port == null ? "" : port.strip());
  }

  static boolean loopback(String address) {
    if (address == null || address.isBlank()) {
      return false;
    }
    try {
      return InetAddress.getByName(address.strip()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
