package io.drover.step;

import io.drover.inventory.HostSpec;
import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import io.drover.remote.SshTarget;
import io.drover.security.CertificateRevocations;
import io.drover.security.CredentialStore;
import io.drover.security.KerberosTickets;
import io.drover.security.MissingCredentialException;
import io.drover.security.SshCertificateAuthority;
import io.drover.security.StaticKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns a host role of a service into an SSH target: with its static key from the secret store, or
 * ({@code auth: certificate}) with a fresh key and a certificate from Drover's SSH CA for this run,
 * naming the run, the service, the requester and the approver, reused for the run's later sessions
 * until it nears its end and renewed then; or ({@code auth: kerberos}) with the ticket of the
 * service's Kerberos principal, from the host's keytab.
 */
@Component
public class HostResolver {

  /** A certificate is renewed once less than this is left of it. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
  /** What a preflight's own certificate lasts. */
  static final Duration CHECK_VALIDITY = Duration.ofMinutes(5);

  private final Inventory inventory;
  private final CredentialStore credentials;
  private final SshCertificateAuthority authority;
  private final RunRequester requesters;
  private final Duration validity;
  private final StaticKeys staticKeys;
  private final CertificateRevocations revocations;
  private final KerberosTickets tickets;
  private final Map<String, SshCertificateAuthority.Issued> issued = new ConcurrentHashMap<>();
  /** Preflights under way: their ids stand for a run that does not exist yet. */
  private final Map<String, RunRequester.Who> checks = new ConcurrentHashMap<>();

  /** With static keys only: a host with {@code auth: certificate} is refused as a configuration error. */
  public HostResolver(Inventory inventory, CredentialStore credentials) {
    this(inventory, credentials, null, null, Duration.ZERO, StaticKeys.allowed(), null, null);
  }

  /** Without Kerberos: a host with {@code auth: kerberos} is refused as a configuration error. */
  public HostResolver(Inventory inventory, CredentialStore credentials, SshCertificateAuthority authority,
      RunRequester requesters, Duration validity, StaticKeys staticKeys, CertificateRevocations revocations) {
    this(inventory, credentials, authority, requesters, validity, staticKeys, revocations, null);
  }

  @Autowired
  public HostResolver(Inventory inventory, CredentialStore credentials, SshCertificateAuthority authority,
      RunRequester requesters, @org.springframework.beans.factory.annotation.Value(
      "${drover.ssh.ca.validity:PT4H}") Duration validity, StaticKeys staticKeys,
      CertificateRevocations revocations, KerberosTickets tickets) {
    this.tickets = tickets;
    this.revocations = revocations;
    this.staticKeys = staticKeys;
    this.inventory = inventory;
    this.credentials = credentials;
    this.authority = authority;
    this.requesters = requesters;
    this.validity = validity;
  }

  public HostSpec host(String service, String role) throws StepFailure {
    ServiceSpec spec = inventory.service(service).orElseThrow(() -> configuration("unknown service '" + service + "'"));
    String name = spec.resolveHost(role).orElseThrow(() -> configuration("host role '" + role
        + "' is neither primary, standby nor a host of service " + service));
    return inventory.host(name).orElseThrow(() -> configuration("host '" + name + "' is not in the inventory"));
  }

  /** Whether {@code host} (a role or a host name) of {@code service} is on its primary site. */
  public boolean onPrimary(String service, String host) {
    if ("primary".equals(host)) {
      return true;
    }
    return inventory.service(service).map(s -> s.primary().hosts().contains(host)).orElse(false);
  }

  /** Any host of the inventory by name (a storage gatekeeper, say), not only the service's. */
  public HostSpec inventoryHost(String name) throws StepFailure {
    return inventory.host(name).orElseThrow(() -> configuration("host '" + name + "' is not in the inventory"));
  }

  /** The target for a step of run {@code runId}: a certificate host gets this run's certificate. */
  public SshTarget target(HostSpec host, String runId) throws StepFailure {
    if (host.staticKey()) {
      return target(host);
    }
    if (host.certificate() && authority == null) {
      throw configuration("host " + host.name() + " takes certificates, but this server has no SSH CA");
    }
    RunRequester.Who who = checks.get(runId);
    if (who == null && requesters != null) {
      who = requesters.of(runId).orElse(null);
    }
    if (who == null) {
      throw configuration("host " + host.name() + " logs in per run, but run " + runId + " is unknown");
    }
    if (host.kerberized()) {
      return kerberos(host, who);
    }
    boolean check = checks.containsKey(runId);
    return certified(host, runId, who.service(), who.requester(), who.approver(), check ? CHECK_VALIDITY : validity);
  }

  /** Over Kerberos, as the run's service's principal (its requester's instance where the pattern says so). */
  private SshTarget kerberos(HostSpec host, RunRequester.Who who) throws StepFailure {
    if (tickets == null) {
      throw configuration("host " + host.name() + " takes Kerberos, but this server has no Kerberos");
    }
    String principal = host.kerberos().principalFor(who.service(), who.requester());
    try {
      org.ietf.jgss.GSSCredential credential = tickets.credential(host.credential(), principal);
      return new SshTarget(host.name(), host.address(), host.port(), host.user(), host.hostKeys(),
          new io.drover.remote.KerberosLogin(credential.getName().toString(), credential,
          host.kerberos().hostPrincipal()));
    } catch (MissingCredentialException e) {
      throw new StepFailure(FailureReason.CONFIGURATION, e.getMessage() + " for host " + host.name(), null, null,
          null, e);
    } catch (IllegalStateException | org.ietf.jgss.GSSException e) {
      throw new StepFailure(FailureReason.AUTHENTICATION_FAILED, e.getMessage() + " (host " + host.name() + ")", null,
          null, null, e);
    }
  }

  /**
   * Opens a preflight of {@code service} under its own id: until {@link #endCheck}, a certificate host
   * gets a few minutes' certificate for it ({@code by=preflight}).
   */
  public void beginCheck(String checkId, String service) {
    beginCheck(checkId, service, "preflight");
  }

  /** The same for another of Drover's own checks, named {@code by=<who>} in its certificates. */
  public void beginCheck(String checkId, String service, String who) {
    checks.put(checkId, new RunRequester.Who(service, who, null));
  }

  public void endCheck(String checkId) {
    checks.remove(checkId);
    issued.keySet().removeIf(key -> key.startsWith(checkId + "|"));
  }

  private SshTarget certified(HostSpec host, String runId, String service, String requester, String approver,
      Duration lasting) throws StepFailure {
    if (authority == null) {
      throw configuration("host " + host.name() + " takes certificates, but this server has no SSH CA");
    }
    Instant now = Instant.now();
    issued.values().removeIf(c -> c.validBefore().isBefore(now));
    String key = runId + "|" + host.name();
    SshCertificateAuthority.Issued certificate = issued.get(key);
    if (certificate == null || certificate.validBefore().minus(RENEW_BEFORE).isBefore(now)) {
      try {
        certificate = authority.issue(runId, service, requester, approver,
            List.of(SshCertificateAuthority.principal(service)), lasting);
      } catch (RuntimeException e) {
        throw new StepFailure(FailureReason.CONFIGURATION, e.getMessage() + " for host " + host.name(), null, null,
            null, e);
      }
      issued.put(key, certificate);
    }
    if (revocations != null) {
      SshCertificateAuthority.Issued used = certificate;
      var revoked = revocations.revoking(used.keyId(), used.serial());
      if (revoked.isPresent()) {
        throw new StepFailure(FailureReason.AUTHENTICATION_FAILED, "the certificate of run " + runId + " for host "
            + host.name() + " is revoked (" + revoked.get().kind().name().toLowerCase().replace('_', ' ') + " "
            + revoked.get().revoked() + ", by " + revoked.get().revokedBy() + " at " + revoked.get().at() + ": "
            + revoked.get().reason() + "); Drover logs in with it no more, and hosts that have the published list"
            + " refuse it", null, null, null, null);
      }
    }
    return new SshTarget(host.name(), host.address(), host.port(), host.user(), certificate.privateKey(),
        host.hostKeys(), certificate.certificate());
  }

  /**
   * How a run logs in to {@code hosts} (an inventory name, or {@code from->to} for a transfer), as its
   * attempts' journal rows name it: a certificate host's certificate for this run (issued now if it is
   * not yet: the step reuses it), by serial and the key id its sshd logs, or a static key by name.
   * Null when no inventory host is named; a host whose credential cannot be had says so.
   */
  public String credentialOf(String runId, String hosts) {
    List<String> described = new java.util.ArrayList<>();
    for (String name : hosts == null ? new String[0] : hosts.split("->")) {
      HostSpec host = inventory.host(name.strip()).orElse(null);
      if (host == null) {
        continue;
      }
      String how;
      if (host.staticKey()) {
        how = "static key " + host.credential();
      } else if (host.kerberized()) {
        try {
          how = "kerberos principal " + target(host, runId).kerberos().principal();
        } catch (StepFailure | RuntimeException e) {
          how = "no Kerberos ticket (" + e.getMessage() + ")";
        }
      } else {
        try {
          target(host, runId);
          SshCertificateAuthority.Issued certificate = issued.get(runId + "|" + host.name());
          how = "certificate serial=" + certificate.serial() + " id=\"" + certificate.keyId() + "\"";
        } catch (StepFailure | RuntimeException e) {
          how = "no certificate (" + e.getMessage() + ")";
        }
      }
      described.add(hosts.contains("->") ? host.name() + ": " + how : how);
    }
    return described.isEmpty() ? null : String.join("; ", described);
  }

  /** The target with the host's static key. */
  public SshTarget target(HostSpec host) throws StepFailure {
    if (!host.staticKey()) {
      throw configuration("host " + host.name() + " takes " + (host.certificate() ? "certificates" : "Kerberos")
          + ": a target needs its run");
    }
    if (staticKeys.refuses(host)) {
      throw configuration(StaticKeys.refusal(host));
    }
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
