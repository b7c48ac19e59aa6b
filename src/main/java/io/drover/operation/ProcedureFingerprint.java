package io.drover.operation;

import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * What a rehearsal proves, as one SHA-256: the deployed models of all of a service's procedures
 * (every action) and its inventory entry with its hosts. A change to any of them gives another
 * fingerprint, so a service rehearsed before the change NEEDS_VERIFICATION.
 */
@Component
public class ProcedureFingerprint {

  private final ProcedureLauncher launcher;
  private final Inventory inventory;

  public ProcedureFingerprint(ProcedureLauncher launcher, Inventory inventory) {
    this.launcher = launcher;
    this.inventory = inventory;
  }

  public String of(ServiceSpec service) {
    StringBuilder content = new StringBuilder();
    for (Action action : Action.values()) {
      String procedure = service.name() + "-" + action.id();
      content.append("procedure ").append(procedure).append(' ').append(launcher.modelHash(procedure)).append('\n');
    }
    content.append("service ").append(service.name()).append(' ').append(service.description()).append(" rto=")
        .append(service.rto()).append(" primary=").append(service.primary()).append(" standby=")
        .append(service.standby()).append(" vars=").append(new TreeMap<>(service.vars())).append('\n');
    for (String host : service.allHosts()) {
      content.append("host ").append(inventory.host(host).map(Object::toString).orElse(host + " (not in inventory)"))
          .append('\n');
    }
    return sha256(content.toString());
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
