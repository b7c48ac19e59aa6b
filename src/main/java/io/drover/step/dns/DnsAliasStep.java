package io.drover.step.dns;

import io.drover.step.FailureReason;
import io.drover.step.Fields;
import io.drover.step.StepContract;
import io.drover.security.CredentialStore;
import io.drover.security.MissingCredentialException;
import io.drover.step.AttemptRecorder;
import io.drover.step.StepFailure;
import io.drover.step.StepRequest;
import io.drover.step.StepResult;
import io.drover.step.StepType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Step type {@code dns-alias}: points DNS alias {@code alias} (a CNAME) at the other site's host
 * with an RFC 2136 update signed with the TSIG key named by {@code credential}. Migrate and takeover
 * move it from {@code primary} to {@code failover}, failback back. Every change is conditional on
 * the current target (an update prerequisite), so a replay changes nothing; the server is queried
 * afterwards to verify. {@code action}: point (one atomic swap), delete or add (the patent's two
 * steps). For a rehearsal, {@code add-rehearsal} adds {@code alias} as a record of its own pointing
 * at {@code failover} (never a production alias: its first label must say {@code rehearsal}) and
 * {@code remove-rehearsal} removes it. Server: {@code server} and {@code port}, or {@code drover.dns.server}.
 */
@Component("dnsAliasStepType")
public class DnsAliasStep implements StepType {

  /** What this step type takes (see {@link io.drover.step.StepContract}). */
  public static final StepContract CONTRACT = StepContract.of("dns-alias", "dnsAliasStep", "point", "delete", "add",
      "add-rehearsal", "remove-rehearsal")
      .title("Drover: move a DNS alias", "Points a CNAME at the other site's host with a TSIG-signed RFC 2136 update,"
          + " conditional on its current target; verified by a query. Migrate/takeover: primary to failover; failback:"
          + " back. Rehearsal: add-rehearsal and remove-rehearsal a record under a rehearsal name.")
      .action("Action", "point", "point, delete, add; add-rehearsal, remove-rehearsal (a rehearsal's own record:"
          + " its first label says rehearsal)")
      .required("alias").field("Alias", "", null, Fields.DNS).means("the CNAME to move, e.g. payments.example.com")
      .required("primary").field("Host at the primary site", "", null, Fields.DNS)
      .means("the alias's target at the primary site (a DNS name)")
      .required("failover").field("Host at the standby site", "", null, Fields.DNS)
      .means("the alias's target at the standby site (a DNS name)")
      .required("credential").field("TSIG key (secret store name)", "", null, Fields.SECRET_NAME)
      .means("the name of the TSIG key in the secret store, as tsig-keygen prints it")
      .optional("server").field("DNS server", "", "empty: drover.dns.server", null)
      .optional("port").field("Port", "53", null, Fields.PORT).means("the DNS server's port")
      .optional("zone").field("Zone", "", "empty: the alias without its first label", null)
      .optional("ttl").field("TTL", "300", null, null).means("the record's time to live, in seconds")
      .build();

  private final CredentialStore credentials;
  private final DnsProperties properties;

  public DnsAliasStep(CredentialStore credentials, DnsProperties properties) {
    this.credentials = credentials;
    this.properties = properties;
  }

  @Override
  public io.drover.step.StepContract contract() {
    return CONTRACT;
  }

  @Override
  public String name() {
    return CONTRACT.type();
  }

  @Override
  public io.drover.step.StepNeeds needs(StepRequest request) throws StepFailure {
    if (request.string("server", properties.server()) == null) {
      throw configuration("no DNS server: set 'server' on the step or drover.dns.server");
    }
    for (String name : java.util.List.of("alias", "primary", "failover")) {
      try {
        DnsAliasClient.name(request.string(name));
      } catch (TextParseException e) {
        throw configuration("not a DNS name: " + e.getMessage());
      }
    }
    return io.drover.step.StepNeeds.secret(request.string("credential"));
  }

  /** The alias must answer, and for {@code point} name either end of the change. */
  @Override
  public java.util.List<String> probe(StepRequest request) throws StepFailure {
    String serverText = request.string("server", properties.server());
    InetSocketAddress server = address(serverText, request.string("port", "53"));
    boolean back = "failback".equals(String.valueOf(request.variables().get("operation")));
    try {
      Name alias = DnsAliasClient.name(request.string("alias"));
      Name from = DnsAliasClient.name(request.string(back ? "failover" : "primary"));
      Name to = DnsAliasClient.name(request.string(back ? "primary" : "failover"));
      String zoneText = request.string("zone", null);
      Name zone = zoneText != null ? DnsAliasClient.name(zoneText) : new Name(alias, 1);
      Optional<Name> current = new DnsAliasClient(server, zone, null, properties.timeout()).target(alias);
      if ("point".equals(request.string("action", "point")) && current.isPresent() && !current.get().equals(from)
          && !current.get().equals(to)) {
        return java.util.List.of("DNS alias " + alias + " points to " + current.get() + ", neither " + from + " nor "
            + to);
      }
      return java.util.List.of();
    } catch (TextParseException e) {
      throw configuration("not a DNS name: " + e.getMessage());
    } catch (DnsAliasClient.UpdateRefused | IOException e) {
      return java.util.List.of("DNS server " + serverText + " does not answer for " + request.string("alias") + ": "
          + e.getMessage());
    }
  }

  @Override
  public StepResult execute(StepRequest request, AttemptRecorder recorder) throws StepFailure {
    String action = request.string("action", "point");
    boolean back = "failback".equals(String.valueOf(request.variables().get("operation")));
    String serverText = request.string("server", properties.server());
    if (serverText == null) {
      throw configuration("no DNS server: set 'server' on the step or drover.dns.server");
    }
    InetSocketAddress server = address(serverText, request.string("port", "53"));
    Name alias;
    Name from;
    Name to;
    Name zone;
    try {
      alias = DnsAliasClient.name(request.string("alias"));
      Name primary = DnsAliasClient.name(request.string("primary"));
      Name failover = DnsAliasClient.name(request.string("failover"));
      from = back ? failover : primary;
      to = back ? primary : failover;
      String zoneText = request.string("zone", null);
      zone = zoneText != null ? DnsAliasClient.name(zoneText) : new Name(alias, 1);
    } catch (TextParseException e) {
      throw configuration("not a DNS name: " + e.getMessage());
    }
    long ttl = Long.parseLong(request.string("ttl", "300"));
    TsigKeyFile.Key key;
    try {
      key = TsigKeyFile.parse(credentials.get(request.string("credential")));
    } catch (MissingCredentialException | IllegalArgumentException e) {
      throw configuration(e.getMessage());
    }
    recorder.started(serverText, "dns " + action + " " + alias + " CNAME " + from + " -> " + to + " (zone " + zone
        + ", TSIG key " + key.name() + ")");
    DnsAliasClient dns = new DnsAliasClient(server, zone, key.tsig(), properties.timeout());
    StringBuilder transcript = new StringBuilder();
    try {
      Optional<Name> current = dns.target(alias);
      transcript.append(alias).append(" now: ").append(current.map(Name::toString).orElse("(no CNAME)")).append('\n');
      Optional<Name> expected = switch (action) {
        case "point" -> change(dns, alias, from, to, ttl, current, true, true);
        case "delete" -> change(dns, alias, from, to, ttl, current, true, false);
        case "add" -> change(dns, alias, from, to, ttl, current, false, true);
        case "add-rehearsal", "remove-rehearsal" -> rehearsal(dns, alias, DnsAliasClient.name(request.string(
            "failover")), ttl, current, action.equals("add-rehearsal"));
        default -> throw configuration("dns-alias action must be point, delete, add, add-rehearsal or"
            + " remove-rehearsal, not '" + action + "'");
      };
      if (expected == null) {
        transcript.append("already done: nothing to change\n");
        return new StepResult(0, transcript.toString(), "");
      }
      Optional<Name> after = dns.target(alias);
      transcript.append(alias).append(" after: ").append(after.map(Name::toString).orElse("(no CNAME)")).append('\n');
      if (!after.equals(expected)) {
        throw new StepFailure(FailureReason.UNEXPECTED_STATE, "after the update " + alias + " is "
            + after.map(Name::toString).orElse("absent") + ", expected " + expected.map(Name::toString).orElse("absent"),
            null, transcript.toString(), null, null);
      }
      return new StepResult(0, transcript.toString(), "");
    } catch (DnsAliasClient.UpdateRefused e) {
      throw new StepFailure(FailureReason.DNS_UPDATE_FAILED, "DNS server " + serverText + " answered " + e.code
          + " for " + alias, null, transcript.toString(), null, e);
    } catch (SocketTimeoutException e) {
      throw new StepFailure(FailureReason.CONNECTION_TIMEOUT, "DNS server " + serverText + " did not answer within "
          + properties.timeout().toSeconds() + " s", null, transcript.toString(), null, e);
    } catch (ConnectException e) {
      throw new StepFailure(FailureReason.CONNECTION_REFUSED, "DNS server " + serverText + " refused the connection",
          null, transcript.toString(), null, e);
    } catch (IOException e) {
      throw new StepFailure(FailureReason.CONNECTION_LOST, "DNS server " + serverText + ": " + e, null,
          transcript.toString(), null, e);
    }
  }

  /**
   * Applies the change from the current state.
   *
   * @return what the alias should point at afterwards, or null when nothing had to change
   */
  private static Optional<Name> change(DnsAliasClient dns, Name alias, Name from, Name to, long ttl,
      Optional<Name> current, boolean removeOld, boolean addNew) throws IOException, DnsAliasClient.UpdateRefused,
      StepFailure {
    if (current.isPresent() && current.get().equals(to)) {
      return null;
    }
    if (current.isEmpty()) {
      if (!addNew) {
        return null;
      }
      dns.add(alias, to, ttl);
      return Optional.of(to);
    }
    if (!current.get().equals(from)) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, alias + " points at " + current.get() + ", neither " + from
          + " nor " + to + "; check the zone before moving it", null, null, null, null);
    }
    if (removeOld && addNew) {
      dns.swap(alias, from, to, ttl);
      return Optional.of(to);
    }
    if (removeOld) {
      dns.delete(alias, from);
      return Optional.empty();
    }
    throw new StepFailure(FailureReason.UNEXPECTED_STATE, alias + " still points at " + from + "; delete it first",
        null, null, null, null);
  }

  /**
   * A rehearsal's own record: added pointing at the standby's host, or removed; never a record that
   * points elsewhere, which is not the rehearsal's.
   *
   * @return what the name should point at afterwards, or null when nothing had to change
   */
  private static Optional<Name> rehearsal(DnsAliasClient dns, Name name, Name standby, long ttl,
      Optional<Name> current, boolean add) throws IOException, DnsAliasClient.UpdateRefused, StepFailure {
    if (!io.drover.step.RehearsalRules.isRehearsalName(name.toString())) {
      throw configuration(name + " is not a rehearsal name: a rehearsal adds only records whose first label says"
          + " rehearsal (e.g. rehearsal-" + name + "), never a production alias");
    }
    if (current.isPresent() && !current.get().equals(standby)) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, name + " points at " + current.get() + ", not at the"
          + " standby's " + standby + ": it is not this rehearsal's record; check the zone", null, null, null, null);
    }
    if (add == current.isPresent()) {
      return null;
    }
    if (add) {
      dns.add(name, standby, ttl);
      return Optional.of(standby);
    }
    dns.delete(name, standby);
    return Optional.empty();
  }

  private static InetSocketAddress address(String server, String port) throws StepFailure {
    String host = server;
    String portText = port;
    int colon = server.lastIndexOf(':');
    if (colon > 0 && server.indexOf(':') == colon) {
      host = server.substring(0, colon);
      portText = server.substring(colon + 1);
    }
    if (!portText.matches("\\d{1,5}")) {
      throw configuration("DNS port must be a number, not '" + portText + "'");
    }
    return new InetSocketAddress(host, Integer.parseInt(portText));
  }

  private static StepFailure configuration(String message) {
    return new StepFailure(FailureReason.CONFIGURATION, message, null, null, null, null);
  }
}
