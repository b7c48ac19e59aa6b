package io.drover.security;

import io.drover.inventory.HostSpec;
import io.drover.inventory.Inventory;
import io.drover.inventory.ServiceSpec;
import java.util.List;

/**
 * What a host's sshd needs to take Drover's per-run certificates (the patent's list of accepted
 * tokens on each host): the CA it trusts, and per account the principals of the services allowed
 * there, as {@code drover host enrol HOST} prints them.
 */
public final class HostEnrolment {

  public static final String CA_FILE = "/etc/ssh/drover_user_ca.pub";
  public static final String PRINCIPALS_DIR = "/etc/ssh/drover_principals";
  /** Where {@code drover ca revoke} writes the KRL on each host ({@code drover.ssh.ca.revoked-keys}). */
  public static final String REVOKED_FILE = "/etc/ssh/drover_revoked_keys";

  private HostEnrolment() {
  }

  /** The services whose sites include {@code host}, so whose certificates its account accepts. */
  public static List<String> services(Inventory inventory, HostSpec host) {
    return inventory.services().stream().filter(s -> s.allHosts().contains(host.name())).map(ServiceSpec::name)
        .sorted().toList();
  }

  public static String text(Inventory inventory, HostSpec host, String caLine) {
    return text(inventory, host, List.of(caLine));
  }

  /** The same for a host that trusts several CAs (during a CA rollover: the old and the new one). */
  public static String text(Inventory inventory, HostSpec host, List<String> caLines) {
    return text(inventory, host, caLines, List.of());
  }

  /**
   * The same, with {@code alsoServices}: services whose steps reach the host though their sites do not
   * include it (a storage gatekeeper, say), so whose principals its account lists too.
   */
  public static String text(Inventory inventory, HostSpec host, List<String> caLines, List<String> alsoServices) {
    return text(inventory, host, caLines, alsoServices, HostInstaller.Layout.DEFAULT);
  }

  /** The same for a host whose sshd keeps its files elsewhere than {@code /etc/ssh}. */
  public static String text(Inventory inventory, HostSpec host, List<String> caLines, List<String> alsoServices,
      HostInstaller.Layout layout) {
    java.util.SortedSet<String> all = new java.util.TreeSet<>(services(inventory, host));
    all.addAll(alsoServices);
    List<String> services = List.copyOf(all);
    StringBuilder text = new StringBuilder();
    text.append("# drover host enrol ").append(host.name()).append(": what ").append(host.address())
        .append("'s sshd needs to accept Drover's per-run certificates (as root on the host)\n");
    text.append("# 1. ").append(layout.caFile()).append(" (mode 644): the CA").append(caLines.size() == 1 ? " it trusts"
        : "s it trusts during the rollover, one per line").append('\n');
    caLines.forEach(line -> text.append(line.strip()).append('\n'));
    text.append("# 2. ").append(layout.principalsDir()).append('/').append(host.user())
        .append(" (mode 644, the directory owned by root): the services whose runs may log in as ")
        .append(host.user()).append('\n');
    if (services.isEmpty()) {
      text.append("# (no service of the inventory runs on ").append(host.name()).append(": the file stays empty;")
          .append(" name with --service the services whose steps reach it)\n");
    }
    services.forEach(s -> text.append(SshCertificateAuthority.principal(s)).append('\n'));
    text.append("# 3. ").append(layout.revokedFile()).append(": the certificates Drover revoked (a KRL that drover ca revoke")
        .append(" writes as ").append(host.user()).append("); sshd refuses every key while it cannot read it\n")
        .append("install -o ").append(host.user()).append(" -m 644 /dev/null ").append(layout.revokedFile()).append('\n');
    text.append("# 4. in ").append(layout.sshdConfig()).append(", before any Match block, then reload sshd:\n")
        .append("TrustedUserCAKeys ").append(layout.caFile()).append('\n')
        .append("AuthorizedPrincipalsFile ").append(layout.principalsDir()).append("/%u\n")
        .append("RevokedKeys ").append(layout.revokedFile()).append('\n');
    text.append("# 5. in the inventory, host ").append(host.name()).append(": auth: certificate (and drop its")
        .append(" credential once every run uses certificates)\n");
    return text.toString();
  }

  /**
   * What a Kerberos host ({@code auth: kerberos}) needs: its own keytab, the account's {@code .k5login}
   * listing the principals of the services allowed there, and GSSAPI in sshd_config.
   */
  public static String kerberosText(Inventory inventory, HostSpec host, List<String> alsoServices, String realm) {
    java.util.SortedSet<String> services = new java.util.TreeSet<>(services(inventory, host));
    services.addAll(alsoServices);
    HostSpec.Kerberos names = host.kerberos();
    String perUser = names.principal().contains("{requester}") ? " (one line per requester: {requester} is each"
        + " requester's name)" : "";
    StringBuilder text = new StringBuilder();
    text.append("# drover host enrol ").append(host.name()).append(": what ").append(host.address())
        .append("'s sshd needs to accept Drover's Kerberos principals (as root on the host)\n");
    text.append("# 1. the host's own key: kadmin -q 'ktadd -k /etc/krb5.keytab ").append(names.hostPrincipal())
        .append("' and realm ").append(realm).append(" with its KDC in /etc/krb5.conf\n");
    text.append("# 2. ~").append(host.user()).append("/.k5login (owned by ").append(host.user())
        .append(", mode 600): the principals whose runs may log in as ").append(host.user()).append(perUser)
        .append('\n');
    if (services.isEmpty()) {
      text.append("# (no service of the inventory runs on ").append(host.name()).append(": the file stays empty;")
          .append(" name with --service the services whose steps reach it)\n");
    }
    services.forEach(s -> text.append(names.principalFor(s, "{requester}")).append('@').append(realm).append('\n'));
    text.append("# 3. in sshd_config, then reload sshd (Drover delegates no ticket to the host):\n")
        .append("GSSAPIAuthentication yes\n").append("GSSAPICleanupCredentials yes\n");
    text.append("# 4. in the KDC, Drover's principals, into the keytab '").append(host.credential())
        .append("' of the secret store: addprinc -randkey PRINCIPAL; ktadd -norandkey -k FILE PRINCIPAL; then")
        .append(" drover secret put ").append(host.credential()).append(" --file FILE\n");
    return text.toString();
  }
}
