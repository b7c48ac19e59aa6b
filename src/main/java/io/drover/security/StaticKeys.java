package io.drover.security;

import io.drover.inventory.HostSpec;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether hosts may still be reached with one static key ({@code drover.ssh.static-keys}: {@code allow},
 * the default, so that existing installs keep running, or {@code forbid}). A static key is the same for
 * every run, requester and service on that account and never expires; readiness marks such a host
 * {@link #MARK}, and a server that forbids them refuses a run that would use one.
 */
@Component
public class StaticKeys {

  /** How readiness, {@code drover services} and the metrics name a host reached with a static key. */
  public static final String MARK = "STATIC_CREDENTIAL";

  private final boolean forbidden;

  public StaticKeys(@Value("${drover.ssh.static-keys:allow}") String mode) {
    String value = mode == null ? "allow" : mode.strip().toLowerCase(Locale.ROOT);
    if (!value.equals("allow") && !value.equals("forbid")) {
      throw new StartupRefusedException(SecurityLogger.LOG.badStaticKeysMode(mode));
    }
    this.forbidden = value.equals("forbid");
  }

  public static StaticKeys allowed() {
    return new StaticKeys("allow");
  }

  public boolean forbidden() {
    return forbidden;
  }

  /** Whether this server refuses to reach {@code host}: it takes a static key and they are forbidden. */
  public boolean refuses(HostSpec host) {
    return forbidden && host.staticKey();
  }

  /** What to do about a static key this server forbids, in one line. */
  public static String refusal(HostSpec host) {
    return "host " + host.name() + " logs in with the static key '" + host.credential() + "', which this server"
        + " forbids (drover.ssh.static-keys=forbid): give it auth: certificate in the inventory and set it up with"
        + " drover host enrol " + host.name() + " --ca-public CA.pub";
  }
}
