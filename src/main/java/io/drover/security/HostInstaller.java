package io.drover.security;

import io.drover.inventory.HostSpec;
import io.drover.remote.ExecResult;
import io.drover.remote.RemoteCommand;
import io.drover.remote.RemoteException;
import io.drover.remote.SshConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs on a host, over an SSH session as root (or a user with {@code sudo -n}), what
 * {@link HostEnrolment} prints: for a certificate host the CA file, the account's principals file,
 * the KRL file and the sshd_config lines; for a Kerberos host the account's {@code .k5login} and
 * {@code GSSAPIAuthentication yes}. Then sshd checks the new configuration ({@code sshd -t}) before it
 * replaces the old one, the effective configuration ({@code sshd -T}) is checked to hold Drover's
 * lines, and sshd is told to reload (SIGHUP). Every value reaches the host as an argument of a fixed
 * script, never pasted into it. Running it again changes nothing but the listed principals.
 */
public final class HostInstaller {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Where the host's sshd keeps its files: {@code /etc/ssh} on most hosts. */
  public record Layout(String caFile, String principalsDir, String revokedFile, String sshdConfig) {

    public static final Layout DEFAULT = under("/etc/ssh");

    /** Drover's files and the sshd_config in directory {@code etc}. */
    public static Layout under(String etc) {
      String dir = etc.endsWith("/") ? etc.substring(0, etc.length() - 1) : etc;
      return new Layout(dir + "/drover_user_ca.pub", dir + "/drover_principals", dir + "/drover_revoked_keys",
          dir + "/sshd_config");
    }
  }

  /** What the installation did, line by line, or where it stopped. */
  public record Installed(boolean ok, List<String> lines) {
  }

  /**
   * The common part: the lines of sshd_config Drover needs, added first in a new configuration that
   * sshd checks before it replaces the old one (kept beside it); their effective values checked; sshd
   * reloaded. Arguments: $1 the config, $2 the lines to have (one per line), $3 the {@code sshd -T}
   * lines that must follow from them, $4 a comment naming the change, $5 the account.
   */
  private static final String CONFIGURE = """
      PATH="$PATH:/usr/sbin:/sbin"
      config="$1"; wanted="$2"; effective="$3"; comment="$4"; account="$5"
      missing=$(printf '%s\n' "$wanted" | while IFS= read -r l; do grep -qxF "$l" "$config" || printf '%s\n' "$l"; done)
      if [ -n "$missing" ]; then
        { printf '# %s\n%s\n' "$comment" "$missing"; cat "$config"; } > "$config.drover-new" || exit 2
        if ! check=$(sshd -t -f "$config.drover-new" 2>&1); then
          rm -f "$config.drover-new"; echo "sshd refuses the new configuration, $config is unchanged: $check" >&2; exit 3
        fi
        cp -p "$config" "$config.drover-old" && cat "$config.drover-new" > "$config" && rm -f "$config.drover-new" || exit 2
        printf '%s\n' "$missing" | sed "s|^|added to $config (the old one kept as $config.drover-old): |"
      else
        echo "$config already has Drover's lines"
      fi
      settings=$(sshd -T -f "$config" -C "user=$account,host=drover,addr=127.0.0.1" 2>&1) || {
        echo "sshd -T failed: $settings" >&2; exit 3; }
      printf '%s\n' "$effective" | while IFS= read -r e; do
        printf '%s\n' "$settings" | grep -qixF "$e" || {
          echo "$config sets an option before Drover's line, so sshd does not read '$e': fix it there" >&2; exit 4; }
      done || exit 4
      pidfile=$(printf '%s\n' "$settings" | awk 'tolower($1)=="pidfile"{print $2}')
      if [ -n "$pidfile" ] && [ -r "$pidfile" ] && kill -HUP "$(cat "$pidfile")"; then
        echo "sshd reloaded (SIGHUP to the pid in $pidfile)"
      else
        echo "sshd not reloaded: no readable pid file ($pidfile): reload it yourself" >&2; exit 5
      fi
      """;

  /** $6 the CA lines, $7 the CA file, $8 the principals directory, $9 the principals, ${10} the KRL file. */
  private static final String CERTIFICATES = """
      set -u
      umask 022
      printf '%s\n' "$6" > "$7.drover-new" && chmod 644 "$7.drover-new" && mv "$7.drover-new" "$7" || exit 2
      echo "wrote $7"
      mkdir -p "$8" && chown root:root "$8" && chmod 755 "$8" || exit 2
      printf '%s' "$9" > "$8/$5.drover-new" && chmod 644 "$8/$5.drover-new" && mv "$8/$5.drover-new" "$8/$5" || exit 2
      echo "wrote $8/$5"
      if [ ! -e "${10}" ]; then
        install -o "$5" -m 644 /dev/null "${10}" || exit 2
        echo "made ${10} (writable by $5, for drover ca revoke)"
      fi
      """;

  /** $6 the principals. */
  private static final String KERBEROS = """
      set -u
      home=$(getent passwd "$5" | cut -d: -f6)
      [ -n "$home" ] && [ -d "$home" ] || { echo "no home directory for account $5" >&2; exit 2; }
      printf '%s' "$6" > "$home/.k5login.drover-new" && chown "$5" "$home/.k5login.drover-new" \\
        && chmod 600 "$home/.k5login.drover-new" && mv "$home/.k5login.drover-new" "$home/.k5login" || exit 2
      echo "wrote $home/.k5login"
      """;

  private HostInstaller() {
  }

  /**
   * Installs a certificate host's trust: {@code caLines} (both CAs during a rollover) and the
   * principals of {@code services} for the host's account.
   */
  public static Installed certificates(SshConnection connection, boolean sudo, HostSpec host, List<String> caLines,
      List<String> services, Layout layout) throws RemoteException {
    StringBuilder principals = new StringBuilder();
    services.forEach(s -> principals.append(SshCertificateAuthority.principal(s)).append('\n'));
    List<String> lines = List.of("TrustedUserCAKeys " + layout.caFile(), "AuthorizedPrincipalsFile "
        + layout.principalsDir() + "/%u", "RevokedKeys " + layout.revokedFile());
    List<String> arguments = List.of(layout.sshdConfig(), String.join("\n", lines), String.join("\n", lines),
        "Drover (drover host enrol " + host.name() + "): per-run certificates", host.user(),
        String.join("\n", caLines.stream().map(String::strip).toList()), layout.caFile(), layout.principalsDir(),
        principals.toString(), layout.revokedFile());
    return run(connection, sudo, CERTIFICATES + CONFIGURE, arguments);
  }

  /** Installs a Kerberos host's list: the principals of {@code services} in the account's .k5login. */
  public static Installed kerberos(SshConnection connection, boolean sudo, HostSpec host, List<String> services,
      String realm, Layout layout) throws RemoteException {
    StringBuilder principals = new StringBuilder();
    services.forEach(s -> principals.append(host.kerberos().principalFor(s, "{requester}")).append('@').append(realm)
        .append('\n'));
    if (host.kerberos().principal().contains("{requester}")) {
      throw new IllegalArgumentException("host " + host.name() + " logs in as one principal per requester: list"
          + " them in .k5login yourself (drover host enrol prints the pattern)");
    }
    List<String> arguments = List.of(layout.sshdConfig(), "GSSAPIAuthentication yes", "GSSAPIAuthentication yes",
        "Drover (drover host enrol " + host.name() + "): Kerberos", host.user(), principals.toString());
    return run(connection, sudo, KERBEROS + CONFIGURE, arguments);
  }

  private static Installed run(SshConnection connection, boolean sudo, String script, List<String> arguments)
      throws RemoteException {
    List<String> command = new ArrayList<>();
    if (sudo) {
      command.addAll(List.of("sudo", "-n"));
    }
    command.addAll(List.of("sh", "-c", script, "drover-enrol"));
    command.addAll(arguments);
    ExecResult result = connection.exec(RemoteCommand.of(command), TIMEOUT);
    List<String> lines = new ArrayList<>(result.stdout().lines().toList());
    result.stderr().lines().forEach(line -> lines.add("error: " + line));
    if (!result.succeeded() && lines.stream().noneMatch(l -> l.startsWith("error: "))) {
      lines.add("error: the installation stopped (exit " + result.exitStatus() + ")" + (sudo
          ? "; the login user needs sudo -n for sh" : ""));
    }
    return new Installed(result.succeeded(), List.copyOf(lines));
  }
}
