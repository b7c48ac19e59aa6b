package io.drover.inventory;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The validated, immutable set of services and hosts. */
public final class Inventory {

  private final Map<String, ServiceSpec> services;
  private final Map<String, HostSpec> hosts;

  public Inventory(Map<String, ServiceSpec> services, Map<String, HostSpec> hosts) {
    this.services = new TreeMap<>(services);
    this.hosts = new TreeMap<>(hosts);
  }

  public Optional<ServiceSpec> service(String name) {
    return Optional.ofNullable(services.get(name));
  }

  public Optional<HostSpec> host(String name) {
    return Optional.ofNullable(hosts.get(name));
  }

  public Collection<ServiceSpec> services() {
    return services.values();
  }

  public Collection<HostSpec> hosts() {
    return hosts.values();
  }
}
