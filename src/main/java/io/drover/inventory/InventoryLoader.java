package io.drover.inventory;

import io.drover.remote.HostKeyPin;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Loads every {@code *.yaml}/{@code *.yml} file of the inventory directory and checks it against
 * the inventory schema. All files are accepted together or refused together.
 */
public class InventoryLoader {

  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9a-fA-F:]+");
  static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  static final Pattern CREDENTIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final Pattern VAR = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,63}");

  private static final Set<String> TOP = Set.of("hosts", "services");
  private static final Set<String> HOST = Set.of("address", "port", "user", "credential", "hostKey", "auth",
      "principal", "hostPrincipal");
  private static final Pattern AUTH = Pattern.compile("static|certificate|kerberos");
  /** A Kerberos principal without its realm (the keytab's), maybe with placeholders: {@code drover-{service}}. */
  private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9{][A-Za-z0-9._{}-]{0,127}(/[A-Za-z0-9._{}-]{1,128})?");
  private static final Pattern HOST_PRINCIPAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}/[A-Za-z0-9][A-Za-z0-9._-]"
      + "{0,252}(@[A-Z0-9][A-Z0-9._-]{0,127})?");
  private static final Set<String> SERVICE = Set.of("description", "primary", "standby", "vars", "rto");
  private static final Set<String> SITE = Set.of("site", "hosts");

  private final Path knownHosts;
  /** Hosts without a pinned key, when loading for planning; null: such a host is an error. */
  private final List<String> unpinned;

  /** @param knownHosts an OpenSSH known_hosts file to take host keys from, or null */
  public InventoryLoader(Path knownHosts) {
    this(knownHosts, null);
  }

  private InventoryLoader(Path knownHosts, List<String> unpinned) {
    this.knownHosts = knownHosts;
    this.unpinned = unpinned;
  }

  /**
   * For planning on a workstation ({@code drover validate}, {@code drover compile}), which has no
   * reason to hold the DR server's {@code known_hosts}: a host without a pinned key is listed by
   * {@link #unpinned()} instead of refused. The DR server still refuses to start without every pin.
   */
  public static InventoryLoader forPlanning(Path knownHosts) {
    return new InventoryLoader(knownHosts, new ArrayList<>());
  }

  /** The warnings for hosts without a pinned key ({@code file:line: warning: ...}), when loaded for planning. */
  public List<String> unpinned() {
    return unpinned == null ? List.of() : List.copyOf(unpinned);
  }

  /** Loads the directory, or throws {@link InventoryException} listing every error. */
  public Inventory load(Path directory) {
    List<String> errors = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      throw new InventoryException(List.of(directory + ":1: the inventory directory does not exist"
          + " (set drover.inventory.dir or DROVER_INVENTORY_DIR)"));
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new InventoryException(List.of(directory + ":1: cannot list the inventory directory: " + e.getMessage()));
    }
    return load(files, errors);
  }

  /** Loads the given files as one inventory. */
  public Inventory load(List<Path> files, List<String> errors) {
    KnownHostsFile known = knownHosts == null ? null : new KnownHostsFile(knownHosts, errors);
    Map<String, HostSpec> hosts = new LinkedHashMap<>();
    Map<String, String> hostOrigin = new HashMap<>();
    Map<String, ServiceSpec> services = new LinkedHashMap<>();
    Map<String, String> serviceOrigin = new HashMap<>();
    List<Runnable> crossChecks = new ArrayList<>();
    for (Path file : files) {
      Node root = compose(file, errors);
      if (root == null) {
        continue;
      }
      YamlTree tree = new YamlTree(file.toString(), errors);
      Map<String, Node> top = tree.mapping(root, "the inventory file", TOP);
      if (top.containsKey("hosts")) {
        Map<String, Node> hostNodes = tree.mapping(top.get("hosts"), "hosts", null);
        hostNodes.forEach((name, node) -> {
          if (!HOST_NAME.matcher(name).matches()) {
            tree.errorAtKey(node, "host name '" + name + "' must match " + HOST_NAME.pattern());
          } else if (hostOrigin.containsKey(name)) {
            tree.errorAtKey(node, "host '" + name + "' is already defined at " + hostOrigin.get(name));
          } else {
            hostOrigin.put(name, tree.whereKey(node));
            HostSpec host = host(tree, name, node, known);
            if (host != null) {
              hosts.put(name, host);
            }
          }
        });
      }
      if (top.containsKey("services")) {
        Map<String, Node> serviceNodes = tree.mapping(top.get("services"), "services", null);
        serviceNodes.forEach((name, node) -> {
          if (!NAME.matcher(name).matches()) {
            tree.errorAtKey(node, "service name '" + name + "' must match " + NAME.pattern());
          } else if (serviceOrigin.containsKey(name)) {
            tree.errorAtKey(node, "service '" + name + "' is already defined at " + serviceOrigin.get(name));
          } else {
            serviceOrigin.put(name, tree.whereKey(node));
            ServiceSpec service = service(tree, name, node, hostOrigin, crossChecks);
            if (service != null) {
              services.put(name, service);
            }
          }
        });
      }
    }
    crossChecks.forEach(Runnable::run);
    if (!errors.isEmpty()) {
      throw new InventoryException(errors);
    }
    return new Inventory(services, hosts);
  }

  public static Node compose(Path file, List<String> errors) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true);
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Node root = new Yaml(options).compose(reader);
      if (root == null) {
        errors.add(file + ":1: the file is empty");
      }
      return root;
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
      errors.add(file + ":" + line + ": not valid YAML: " + e.getProblem());
    } catch (IOException | RuntimeException e) {
      errors.add(file + ":1: cannot read: " + e.getMessage());
    }
    return null;
  }

  private HostSpec host(YamlTree tree, String name, Node node, KnownHostsFile known) {
    String what = "host '" + name + "'";
    Map<String, Node> entries = tree.mapping(node, what, HOST);
    String address = tree.string(entries, node, "address", what, ADDRESS, true);
    Integer port = tree.integer(entries, "port", what, 1, 65535, 22);
    String user = tree.string(entries, node, "user", what, USER, true);
    String auth = tree.string(entries, node, "auth", what, AUTH, false);
    boolean certificate = "certificate".equals(auth);
    String credential = tree.string(entries, node, "credential", what, CREDENTIAL, !certificate);
    HostSpec.Kerberos kerberos = kerberos(tree, entries, node, what, "kerberos".equals(auth), address);
    List<HostKeyPin> keys = new ArrayList<>();
    if (entries.containsKey("hostKey")) {
      for (ScalarNode value : tree.scalars(entries.get("hostKey"), "'hostKey' of " + what)) {
        try {
          HostKeyPin key = HostKeyPin.parse(value.getValue());
          if (address != null && port != null && known != null && known.isRevoked(key, address, port)) {
            tree.error(value, "'hostKey' of " + what + " is marked @revoked in the known_hosts file: pin the host's"
                + " new key (checked out of band)");
          } else {
            keys.add(key);
          }
        } catch (IllegalArgumentException e) {
          tree.error(value, "'hostKey' of " + what + ": " + e.getMessage());
        }
      }
    }
    if (address != null && port != null && known != null) {
      keys.addAll(known.keysFor(address, port));
    }
    if (address != null && port != null && keys.isEmpty() && !entries.containsKey("hostKey") && unpinned != null) {
      unpinned.add(tree.whereKey(node) + ": warning: " + what + " has no pinned host key here; the DR server will not"
          + " start until it has one ('hostKey: TYPE BASE64' or its known_hosts file)");
    } else if (address != null && port != null && keys.isEmpty() && !entries.containsKey("hostKey")) {
      tree.errorAtKey(node, what + " has no pinned host key: add 'hostKey: TYPE BASE64' (from ssh-keyscan, checked"
          + " out of band) or put it in the known_hosts file (drover.ssh.known-hosts)");
    }
    if (address == null || port == null || user == null || (credential == null && !certificate)) {
      return null;
    }
    HostSpec.Auth how = certificate ? HostSpec.Auth.CERTIFICATE : kerberos != null ? HostSpec.Auth.KERBEROS
        : HostSpec.Auth.STATIC;
    return new HostSpec(name, address, port, user, certificate ? null : credential, List.copyOf(keys), how, kerberos);
  }

  /**
   * A Kerberos host's principals: Drover's ({@code principal}, {@code drover-{service}} by default)
   * and the host's ({@code hostPrincipal}, {@code host/<address>} by default); null for other hosts,
   * which may not name them.
   */
  private static HostSpec.Kerberos kerberos(YamlTree tree, Map<String, Node> entries, Node node, String what,
      boolean kerberos, String address) {
    String principal = tree.string(entries, node, "principal", what, PRINCIPAL, false);
    String hostPrincipal = tree.string(entries, node, "hostPrincipal", what, HOST_PRINCIPAL, false);
    if (!kerberos) {
      if (principal != null || hostPrincipal != null) {
        tree.errorAtKey(node, what + " names a Kerberos principal but logs in with " + (entries.containsKey("auth")
            ? "another 'auth'" : "a static key") + ": add 'auth: kerberos' or remove 'principal' and 'hostPrincipal'");
      }
      return null;
    }
    if (principal != null && !principal.replace("{service}", "").replace("{requester}", "").matches("[^{}]*")) {
      tree.errorAtKey(node, "'principal' of " + what + " may hold only the placeholders {service} and {requester}");
    }
    return new HostSpec.Kerberos(principal == null ? HostSpec.Kerberos.DEFAULT_PRINCIPAL : principal,
        hostPrincipal == null ? "host/" + address : hostPrincipal);
  }

  private ServiceSpec service(YamlTree tree, String name, Node node, Map<String, String> hostOrigin,
      List<Runnable> crossChecks) {
    String what = "service '" + name + "'";
    Map<String, Node> entries = tree.mapping(node, what, SERVICE);
    String description = tree.string(entries, node, "description", what, null, false);
    java.time.Duration rto = null;
    String rtoText = tree.string(entries, node, "rto", what, null, false);
    if (rtoText != null) {
      try {
        rto = java.time.Duration.parse(rtoText);
      } catch (java.time.format.DateTimeParseException e) {
        tree.error(entries.get("rto"), "rto of " + what + " must be an ISO-8601 duration such as PT30M, not '" + rtoText
            + "'");
      }
    }
    SiteSpec primary = site(tree, entries, node, "primary", what, hostOrigin, crossChecks);
    SiteSpec standby = site(tree, entries, node, "standby", what, hostOrigin, crossChecks);
    Map<String, String> vars = new LinkedHashMap<>();
    if (entries.containsKey("vars")) {
      tree.mapping(entries.get("vars"), "vars of " + what, null).forEach((key, value) -> {
        if (!VAR.matcher(key).matches()) {
          tree.error(value, "variable name '" + key + "' must match " + VAR.pattern());
        } else if (value instanceof ScalarNode scalar) {
          vars.put(key, scalar.getValue());
        } else {
          tree.error(value, "variable '" + key + "' of " + what + " must be a text value");
        }
      });
    }
    if (primary != null && standby != null) {
      for (String host : primary.hosts()) {
        if (standby.hosts().contains(host)) {
          tree.error(entries.get("standby"), "host '" + host + "' cannot be at both sites of " + what);
        }
      }
      if (primary.name().equals(standby.name())) {
        tree.error(entries.get("standby"), "the standby site of " + what + " must differ from the primary site");
      }
    }
    if (primary == null || standby == null) {
      return null;
    }
    return new ServiceSpec(name, description == null ? "" : description, primary, standby, Map.copyOf(vars), rto);
  }

  private SiteSpec site(YamlTree tree, Map<String, Node> service, Node serviceNode, String role, String what,
      Map<String, String> hostOrigin, List<Runnable> crossChecks) {
    Node node = service.get(role);
    if (node == null) {
      tree.errorAtKey(serviceNode, what + " needs '" + role + "' (site and hosts)");
      return null;
    }
    String siteWhat = role + " site of " + what;
    Map<String, Node> entries = tree.mapping(node, siteWhat, SITE);
    String site = tree.string(entries, node, "site", siteWhat, NAME, true);
    List<String> hosts = new ArrayList<>();
    if (!entries.containsKey("hosts")) {
      tree.errorAtKey(node, siteWhat + " needs 'hosts' (a list of host names)");
    } else {
      for (ScalarNode host : tree.scalars(entries.get("hosts"), "'hosts' of " + siteWhat)) {
        hosts.add(host.getValue());
        crossChecks.add(() -> {
          if (!hostOrigin.containsKey(host.getValue())) {
            tree.error(host, "host '" + host.getValue() + "' of " + siteWhat + " is not defined under 'hosts'");
          }
        });
      }
      if (hosts.isEmpty()) {
        tree.error(node, siteWhat + " needs at least one host");
      }
    }
    return site == null || hosts.isEmpty() ? null : new SiteSpec(site, List.copyOf(hosts));
  }
}
