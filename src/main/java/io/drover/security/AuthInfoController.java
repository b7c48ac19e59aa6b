package io.drover.security;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/auth}, open to all: which Keycloak realm signs this server's tokens and which
 * client the CLI logs in with, so that {@code drover login --url ...} needs nothing else.
 */
@RestController
class AuthInfoController {

  static final String PATH = "/api/auth";

  private final SecurityProperties properties;

  AuthInfoController(SecurityProperties properties) {
    this.properties = properties;
  }

  @GetMapping(PATH)
  Map<String, Object> auth() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("issuer", properties.enabled() ? properties.issuerUri() : null);
    info.put("cliClientId", properties.enabled() ? properties.cliClientId() : null);
    return info;
  }
}
