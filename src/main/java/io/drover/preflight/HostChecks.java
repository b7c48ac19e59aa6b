package io.drover.preflight;

import io.drover.inventory.HostSpec;
import io.drover.remote.ExecResult;
import io.drover.remote.RemoteCommand;
import io.drover.remote.RemoteException;
import io.drover.remote.SshConnection;
import io.drover.remote.SshConnector;
import io.drover.remote.SshTarget;
import io.drover.security.StaticKeys;
import io.drover.step.HostResolver;
import io.drover.step.StepFailure;
import io.drover.step.StepNeeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Read-only checks of one host before a run: its credential is in the secret store and decrypts, it
 * answers SSH with its pinned host key and the login works, and {@code sudo -n -l} allows every
 * program the run's steps will run there as root or as another user. Runs nothing else.
 */
@Component
public class HostChecks {

  private static final Duration SUDO_CHECK = Duration.ofSeconds(15);

  private final HostResolver hosts;
  private final SshConnector connector;
  private final StaticKeys staticKeys;
  private final io.drover.inventory.Inventory inventory;

  public HostChecks(HostResolver hosts, SshConnector connector, StaticKeys staticKeys,
      io.drover.inventory.Inventory inventory) {
    this.inventory = inventory;
    this.hosts = hosts;
    this.connector = connector;
    this.staticKeys = staticKeys;
  }

  /**
   * What to set up when a host's sshd refuses the run's certificate: SSH does not say why, so the line
   * names each thing sshd needs, where it goes, and the command that prints it.
   */
  private String refusedCertificate(HostSpec host) {
    List<String> services = io.drover.security.HostEnrolment.services(inventory, host);
    return "host " + host.name() + " (" + host.address() + ":" + host.port() + ") refused Drover's certificate as "
        + host.user() + ": its sshd must trust Drover's CA (TrustedUserCAKeys "
        + io.drover.security.HostEnrolment.CA_FILE + "), list the service's principal ("
        + String.join(", ", services.stream().map(io.drover.security.SshCertificateAuthority::principal).toList())
        + ") in " + io.drover.security.HostEnrolment.PRINCIPALS_DIR + "/" + host.user() + ", and be able to read"
        + " its KRL (RevokedKeys " + io.drover.security.HostEnrolment.REVOKED_FILE + ": sshd refuses every key"
        + " while it cannot); drover host enrol " + host.name() + " --ca-public CA.pub prints all three";
  }

  private static String refusedKerberos(HostSpec host, SshTarget target) {
    return "host " + host.name() + " (" + host.address() + ":" + host.port() + ") refused Kerberos principal "
        + target.kerberos().principal() + " as " + host.user() + ": add it to ~" + host.user() + "/.k5login there;"
        + " its sshd needs GSSAPIAuthentication yes and a keytab with " + host.kerberos().hostPrincipal();
  }

  /** Checks {@code host} for the given logins; adds what passed to {@code checked} and returns the problems. */
  public List<String> check(HostSpec host, List<StepNeeds.Login> logins, List<String> checked) {
    return check(host, "check", logins, checked);
  }

  /** The same within a preflight opened with {@link io.drover.step.HostResolver#beginCheck}, as certificate hosts need. */
  public List<String> check(HostSpec host, String checkId, List<StepNeeds.Login> logins, List<String> checked) {
    List<String> problems = new ArrayList<>();
    if (staticKeys.refuses(host)) {
      problems.add(StaticKeys.refusal(host));
      return problems;
    }
    SshTarget target;
    try {
      target = hosts.target(host, checkId);
    } catch (StepFailure e) {
      problems.add("host " + host.name() + ": " + e.getMessage() + (host.certificate()
          ? "; give the server its SSH CA key: drover secret put ssh-ca --file CA_KEY"
          : host.kerberized() ? "" : "; store it with: drover secret put " + host.credential() + " --file KEYFILE"));
      return problems;
    }
    checked.add("host " + host.name() + ": " + (host.certificate() ? "a certificate from Drover's SSH CA"
        : host.kerberized() ? "the KDC gave " + target.kerberos().principal() + " its ticket"
        : "credential " + host.credential() + " decrypts (" + StaticKeys.MARK + ": one key for every run and"
        + " requester)"));
    try (SshConnection connection = connector.connect(target)) {
      checked.add("host " + host.name() + ": SSH login as " + host.user() + " with the pinned host key");
      Set<String> rights = new LinkedHashSet<>();
      for (StepNeeds.Login login : logins) {
        if (login.sudo() && !(login.user() == null && "root".equals(host.user()))) {
          rights.add((login.user() == null ? "" : login.user()) + "\u0000" + login.program());
        }
      }
      for (String right : rights) {
        String user = right.substring(0, right.indexOf('\u0000'));
        String program = right.substring(right.indexOf('\u0000') + 1);
        List<String> sudo = new ArrayList<>(List.of("sudo", "-n"));
        if (!user.isEmpty()) {
          sudo.addAll(List.of("-u", user));
        }
        sudo.addAll(List.of("-l", "--", program));
        ExecResult allowed = connection.exec(RemoteCommand.of(sudo), SUDO_CHECK);
        String as = user.isEmpty() ? "" : " as " + user;
        if (allowed.succeeded()) {
          checked.add("host " + host.name() + ": " + host.user() + " may run " + program + as + " with sudo -n");
        } else {
          problems.add("host " + host.name() + ": user " + host.user() + " may not run '" + program + "'" + as
              + " with sudo -n; grant it in sudoers (NOPASSWD)");
        }
      }
    } catch (RemoteException e) {
      if (host.certificate() && e.reason() == io.drover.remote.RemoteFailure.AUTHENTICATION_FAILED) {
        problems.add(refusedCertificate(host));
        return problems;
      }
      if (host.kerberized() && e.reason() == io.drover.remote.RemoteFailure.AUTHENTICATION_FAILED) {
        problems.add(refusedKerberos(host, target));
        return problems;
      }
      problems.add("host " + host.name() + " (" + host.address() + ":" + host.port() + "): " + e.reason() + ": "
          + e.getMessage());
    }
    return problems;
  }
}
