package io.drover.ca;

import io.drover.inventory.HostSpec;
import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import io.drover.remote.ExecResult;
import io.drover.remote.RemoteCommand;
import io.drover.remote.RemoteException;
import io.drover.remote.SshConnection;
import io.drover.remote.SshConnector;
import io.drover.security.HostEnrolment;
import io.drover.step.HostResolver;
import io.drover.step.StepFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Writes the revocation list to every host that takes certificates, at the path its sshd's
 * {@code RevokedKeys} reads ({@code drover.ssh.ca.revoked-keys}), logging in with a short certificate
 * of its own ({@code by=krl-publish}) for a service that runs there.
 */
@Component
class KrlPublisher {

  private static final Duration WRITE = Duration.ofSeconds(20);

  /** How publishing to one host went. */
  record Published(String host, boolean written, String problem) {
  }

  private final Inventory inventory;
  private final HostResolver hosts;
  private final SshConnector connector;
  private final String path;

  KrlPublisher(Inventory inventory, HostResolver hosts, SshConnector connector,
      @Value("${drover.ssh.ca.revoked-keys:" + HostEnrolment.REVOKED_FILE + "}") String path) {
    this.inventory = inventory;
    this.hosts = hosts;
    this.connector = connector;
    this.path = path;
  }

  List<Published> publish(byte[] krl) {
    List<Published> results = new ArrayList<>();
    for (HostSpec host : inventory.hosts()) {
      if (host.certificate()) {
        results.add(publish(host, krl));
      }
    }
    return results;
  }

  private Published publish(HostSpec host, byte[] krl) {
    ServiceSpec service = inventory.services().stream().filter(s -> s.allHosts().contains(host.name())).findFirst()
        .orElse(null);
    if (service == null) {
      return new Published(host.name(), false, "no service of the inventory runs there, so no certificate opens it");
    }
    String checkId = "krl-publish-" + UUID.randomUUID();
    hosts.beginCheck(checkId, service.name(), "krl-publish");
    // written in place, not renamed: the file's owner and mode stay as enrolment set them
    RemoteCommand write = RemoteCommand.of("sh", "-c", "printf %s \"$1\" | base64 -d > \"$2\"", "drover-krl",
        Base64.getEncoder().encodeToString(krl), path);
    try (SshConnection connection = connector.connect(hosts.target(host, checkId))) {
      ExecResult result = connection.exec(write, WRITE);
      return result.succeeded() ? new Published(host.name(), true, null) : new Published(host.name(), false,
          "writing " + path + " failed (exit " + result.exitStatus() + "): " + result.stderr().strip()
          + "; enrolment makes it writable by " + host.user() + ": drover host enrol " + host.name());
    } catch (RemoteException | StepFailure e) {
      return new Published(host.name(), false, e.getMessage());
    } finally {
      hosts.endCheck(checkId);
    }
  }
}
