package io.drover.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service with DR: its two sites and the non-secret parameters its procedures use.
 *
 * @param name the service name, the prefix of its procedure ids
 * @param description free text for operators
 * @param primary the home site
 * @param standby the failover site
 * @param vars parameters handed to every run as process variables (never secrets)
 * @param rto the recovery time objective a run is measured against (null: none declared)
 */
public record ServiceSpec(String name, String description, SiteSpec primary, SiteSpec standby, Map<String, String> vars,
    java.time.Duration rto) {

  public ServiceSpec(String name, String description, SiteSpec primary, SiteSpec standby, Map<String, String> vars) {
    this(name, description, primary, standby, vars, null);
  }

  /** Resolves a host role ({@code primary}, {@code standby}) or a host name of this service. */
  public Optional<String> resolveHost(String role) {
    if ("primary".equals(role)) {
      return primary.hosts().stream().findFirst();
    }
    if ("standby".equals(role)) {
      return standby.hosts().stream().findFirst();
    }
    return allHosts().stream().filter(role::equals).findFirst();
  }

  public List<String> allHosts() {
    return java.util.stream.Stream.concat(primary.hosts().stream(), standby.hosts().stream()).toList();
  }
}
