package io.drover.step;

import io.drover.inventory.HostSpec;
import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import io.drover.remote.SshTarget;
import io.drover.security.CredentialStore;
import io.drover.security.MissingCredentialException;
import org.springframework.stereotype.Component;

/** Turns a host role of a service into an SSH target with its credential from the secret store. */
@Component
public class HostResolver {

  private final Inventory inventory;
  private final CredentialStore credentials;

  public HostResolver(Inventory inventory, CredentialStore credentials) {
    this.inventory = inventory;
    this.credentials = credentials;
  }

  public HostSpec host(String service, String role) throws StepFailure {
    ServiceSpec spec = inventory.service(service).orElseThrow(() -> configuration("unknown service '" + service + "'"));
    String name = spec.resolveHost(role).orElseThrow(() -> configuration("host role '" + role
        + "' is neither primary, standby nor a host of service " + service));
    return inventory.host(name).orElseThrow(() -> configuration("host '" + name + "' is not in the inventory"));
  }

  /** Any host of the inventory by name (a storage gatekeeper, say), not only the service's. */
  public HostSpec inventoryHost(String name) throws StepFailure {
    return inventory.host(name).orElseThrow(() -> configuration("host '" + name + "' is not in the inventory"));
  }

  public SshTarget target(HostSpec host) throws StepFailure {
    try {
      byte[] key = credentials.get(host.credential());
      return new SshTarget(host.name(), host.address(), host.port(), host.user(), key, host.hostKeys());
    } catch (MissingCredentialException e) {
      throw new StepFailure(FailureReason.CONFIGURATION, e.getMessage() + " for host " + host.name(), null, null,
          null, e);
    }
  }

  private static StepFailure configuration(String message) {
    return new StepFailure(FailureReason.CONFIGURATION, message, null, null, null, null);
  }
}
