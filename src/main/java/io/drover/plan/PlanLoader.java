package io.drover.plan;

import io.drover.inventory.Inventory;
import io.drover.inventory.InventoryException;
import io.drover.inventory.InventoryLoader;
import io.drover.inventory.ServiceSpec;
import io.drover.inventory.YamlTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Loads the plan files ({@code *.yaml} of the plans directory) against the inventory. Every
 * problem is reported as {@code file:line: message}, and all files are accepted or refused
 * together: unknown services, resources or keys, dependency cycles (with the chain), a plan name
 * used twice.
 */
public final class PlanLoader {

  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,57}");
  private static final Pattern RESOURCE = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");
  private static final Set<String> TOP = Set.of("plan", "description", "maxParallel", "resources", "select", "defaults",
      "services", "access");
  private static final Set<String> SELECT = Set.of("site");
  private static final Set<String> MEMBER = Set.of("dependsOn", "failbackDependsOn", "critical", "uses");
  private static final Set<String> DEFAULTS = Set.of("critical", "uses");
  private static final Set<String> ACCESS = Set.of("group", "roles", "origins", "approval", "approvalTimeout");
  private static final List<String> ACTIONS = List.of("migrate", "takeover", "failback", "rehearse");

  private final Inventory inventory;

  public PlanLoader(Inventory inventory) {
    this.inventory = inventory;
  }

  /** The plans of {@code dir} by name (none when it does not exist), or an exception listing every problem. */
  public Map<String, PlanSpec> load(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Map.of();
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new InventoryException(List.of(dir + ":1: cannot list the plans directory: " + e.getMessage()));
    }
    List<String> errors = new ArrayList<>();
    Map<String, PlanSpec> plans = new LinkedHashMap<>();
    for (Path file : files) {
      PlanSpec plan = plan(file, errors);
      if (plan != null) {
        PlanSpec other = plans.putIfAbsent(plan.name(), plan);
        if (other != null) {
          errors.add(file + ":1: plan '" + plan.name() + "' is also defined in " + other.file() + "; rename one");
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new InventoryException(errors);
    }
    return plans;
  }

  private PlanSpec plan(Path file, List<String> errors) {
    Node root = InventoryLoader.compose(file, errors);
    if (root == null) {
      return null;
    }
    int before = errors.size();
    YamlTree tree = new YamlTree(file.toString(), errors);
    Map<String, Node> top = tree.mapping(root, "the plan file", TOP);
    String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    String name = top.containsKey("plan") ? tree.string(top, root, "plan", "the plan", NAME, true) : base;
    if (name == null || !NAME.matcher(name).matches()) {
      tree.error(root, "the plan's name '" + name + "' must match " + NAME.pattern() + " (set 'plan:' or rename the file)");
      return null;
    }
    String what = "plan '" + name + "'";
    String description = tree.string(top, root, "description", what, null, false);
    Integer maxParallel = tree.integer(top, "maxParallel", what, 1, 10_000, 10);
    Map<String, Integer> resources = new LinkedHashMap<>();
    if (top.containsKey("resources")) {
      tree.mapping(top.get("resources"), "resources of " + what, null).forEach((resource, node) -> {
        if (!RESOURCE.matcher(resource).matches() || resource.equals(PlanSpec.PARALLEL)) {
          tree.errorAtKey(node, "resource name '" + resource + "' must match " + RESOURCE.pattern() + " and not be "
              + PlanSpec.PARALLEL);
        }
        Integer capacity = tree.integer(Map.of(resource, node), resource, "resource " + resource, 1, 10_000, 1);
        if (capacity != null) {
          resources.put(resource, capacity);
        }
      });
    }
    boolean defaultCritical = true;
    List<String> defaultUses = List.of();
    if (top.containsKey("defaults")) {
      Map<String, Node> defaults = tree.mapping(top.get("defaults"), "defaults of " + what, DEFAULTS);
      defaultCritical = bool(tree, defaults, "critical", true);
      defaultUses = names(tree, defaults.get("uses"), "uses");
    }
    Map<String, PlanSpec.Member> members = new LinkedHashMap<>();
    if (top.containsKey("select")) {
      Map<String, Node> select = tree.mapping(top.get("select"), "select of " + what, SELECT);
      String site = tree.string(select, top.get("select"), "site", "select of " + what, null, true);
      if (site != null) {
        List<ServiceSpec> chosen = inventory.services().stream()
            .filter(s -> s.primary().name().equals(site)).toList();
        if (chosen.isEmpty()) {
          tree.error(select.get("site"), "no service of the inventory has primary site '" + site + "'");
        }
        for (ServiceSpec s : chosen) {
          members.put(s.name(), new PlanSpec.Member(s.name(), List.of(), null, defaultCritical, defaultUses,
              tree.where(select.get("site"))));
        }
      }
    }
    if (top.containsKey("services")) {
      Map<String, Node> entries = tree.mapping(top.get("services"), "services of " + what, null);
      for (Map.Entry<String, Node> entry : entries.entrySet()) {
        String service = entry.getKey();
        Node node = entry.getValue();
        if (inventory.service(service).isEmpty()) {
          tree.errorAtKey(node, "service '" + service + "' is not in the inventory");
          continue;
        }
        Map<String, Node> fields = node instanceof ScalarNode s && (s.getValue().isEmpty() || "null".equals(s.getTag()
            .getClassName())) ? Map.of() : tree.mapping(node, "service '" + service + "' of " + what, MEMBER);
        List<String> uses = fields.containsKey("uses") ? names(tree, fields.get("uses"), "uses") : defaultUses;
        members.put(service, new PlanSpec.Member(service, names(tree, fields.get("dependsOn"), "dependsOn"),
            fields.containsKey("failbackDependsOn") ? names(tree, fields.get("failbackDependsOn"), "failbackDependsOn")
                : null, bool(tree, fields, "critical", defaultCritical), uses, tree.whereKey(node)));
      }
    }
    if (members.isEmpty()) {
      tree.error(root, what + " moves no service: list them under 'services:' or choose them with 'select: { site: ... }'");
    }
    for (PlanSpec.Member m : members.values()) {
      for (String d : concat(m.dependsOn(), m.failbackDependsOn())) {
        if (!members.containsKey(d)) {
          errors.add(m.where() + ": " + m.service() + " depends on '" + d + "', which is not a service of " + what
              + (inventory.service(d).isPresent() ? " (add it under services)" : " nor of the inventory"));
        }
      }
      for (String r : m.uses()) {
        if (!resources.containsKey(r)) {
          errors.add(m.where() + ": " + m.service() + " uses resource '" + r + "', which " + what
              + " does not declare under resources (declared: " + (resources.isEmpty() ? "none"
              : String.join(", ", resources.keySet())) + ")");
        }
      }
    }
    Map<String, List<String>> roles = new LinkedHashMap<>();
    String group = "plan-" + name;
    List<String> origins = List.of();
    List<String> approval = null;
    Duration approvalTimeout = null;
    if (top.containsKey("access")) {
      Node accessNode = top.get("access");
      Map<String, Node> access = tree.mapping(accessNode, "access of " + what, ACCESS);
      String g = tree.string(access, accessNode, "group", "access of " + what, null, false);
      group = g == null ? group : g;
      if (access.containsKey("roles")) {
        tree.mapping(access.get("roles"), "roles of " + what, Set.copyOf(ACTIONS))
            .forEach((action, node) -> roles.put(action, names(tree, node, "roles")));
      }
      origins = access.containsKey("origins") ? names(tree, access.get("origins"), "origins") : List.of();
      approval = access.containsKey("approval") ? names(tree, access.get("approval"), "approval") : null;
      String timeout = tree.string(access, accessNode, "approvalTimeout", "access of " + what, null, false);
      if (timeout != null) {
        try {
          approvalTimeout = Duration.parse(timeout);
        } catch (DateTimeParseException e) {
          tree.error(access.get("approvalTimeout"), "approvalTimeout '" + timeout + "' is not an ISO-8601 duration"
              + " such as PT30M");
        }
      }
    }
    PlanSpec plan = new PlanSpec(name, description, file.toString(), maxParallel == null ? 10 : maxParallel, resources,
        List.copyOf(members.values()), group, roles, origins, approval, approvalTimeout);
    if (errors.size() == before) {
      // a rehearsal follows dependsOn as a migrate does: its cycle is the migrate's
      for (String action : ACTIONS.stream().filter(a -> !"rehearse".equals(a)).toList()) {
        PlanGraph.of(plan, action).cycle().ifPresent(chain -> errors.add(plan.member(chain.split(" -> ")[0]).where()
            + ": the dependencies of " + what + " for " + action + " go round in a circle: " + chain
            + "; remove one of these dependsOn"));
      }
    }
    return errors.size() == before ? plan : null;
  }

  private static boolean bool(YamlTree tree, Map<String, Node> fields, String key, boolean fallback) {
    Node node = fields.get(key);
    if (node == null) {
      return fallback;
    }
    if (node instanceof ScalarNode s && (s.getValue().equals("true") || s.getValue().equals("false"))) {
      return Boolean.parseBoolean(s.getValue());
    }
    tree.error(node, "'" + key + "' must be true or false");
    return fallback;
  }

  private static List<String> names(YamlTree tree, Node node, String what) {
    return node == null ? List.of() : tree.scalars(node, what).stream().map(s -> s.getValue().trim()).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    if (b != null) {
      all.addAll(b);
    }
    return all;
  }
}
