package io.drover.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Open mode (no issuer: the API takes no credentials) exists for the demo on this machine only: the
 * server refuses to start in it on any address but loopback.
 */
@Component
class OpenModeGuard {

  OpenModeGuard(SecurityProperties security, @Value("${server.address:}") String address) {
    if (!security.enabled() && !loopback(address)) {
      throw new StartupRefusedException("DROVER-SEC-010 without drover.security.issuer-uri the API takes no"
          + " credentials, so it listens only on loopback, not on '" + (address.isBlank() ? "every address" : address)
          + "': set DROVER_ISSUER_URI to your Keycloak realm, or DROVER_ADDRESS=127.0.0.1");
    }
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
