package io.drover.security;

import java.net.InetAddress;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * In open mode, every web server the application started (the main one, the management one, any
 * other) is checked once bound: a connector on every address, or on one that is not loopback, stops
 * the start. The configuration is refused earlier by {@link OpenModeGuard}; this catches what a
 * setting it does not know of would bind.
 */
@Component
class OpenModeListeners implements ApplicationListener<WebServerInitializedEvent> {

  private final SecurityProperties security;

  OpenModeListeners(SecurityProperties security) {
    this.security = security;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (security.enabled() || !(event.getWebServer() instanceof TomcatWebServer tomcat)) {
      return;
    }
    for (Connector connector : tomcat.getTomcat().getService().findConnectors()) {
      InetAddress bound = connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol
          ? protocol.getAddress() : null;
      OpenModeGuard.refuseUnlessLoopback(security, "the listener on port " + connector.getLocalPort(),
          bound == null ? "" : bound.getHostAddress());
    }
  }
}
