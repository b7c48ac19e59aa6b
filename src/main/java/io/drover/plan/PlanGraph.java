package io.drover.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order of a plan for one action: each service's prerequisites (migrate and takeover follow
 * {@code dependsOn}; failback the reverse, unless some service states {@code failbackDependsOn}),
 * its dependants, its depth (longest chain of prerequisites) and a topological order.
 */
public final class PlanGraph {

  private final Map<String, List<String>> before = new LinkedHashMap<>();
  private final Map<String, List<String>> after = new LinkedHashMap<>();

  private PlanGraph() {
  }

  public static PlanGraph of(PlanSpec plan, String action) {
    PlanGraph graph = new PlanGraph();
    plan.members().forEach(m -> {
      graph.before.put(m.service(), new ArrayList<>());
      graph.after.put(m.service(), new ArrayList<>());
    });
    boolean failback = "failback".equals(action);
    boolean stated = plan.members().stream().anyMatch(m -> m.failbackDependsOn() != null);
    for (PlanSpec.Member m : plan.members()) {
      if (failback && stated) {
        (m.failbackDependsOn() == null ? List.<String>of() : m.failbackDependsOn())
            .forEach(d -> graph.edge(d, m.service()));
      } else if (failback) {
        m.dependsOn().forEach(d -> graph.edge(m.service(), d));
      } else {
        m.dependsOn().forEach(d -> graph.edge(d, m.service()));
      }
    }
    return graph;
  }

  private void edge(String first, String then) {
    if (before.containsKey(first) && before.containsKey(then) && !before.get(then).contains(first)) {
      before.get(then).add(first);
      after.get(first).add(then);
    }
  }

  /** The services that must have finished before {@code service} starts. */
  public List<String> before(String service) {
    return before.getOrDefault(service, List.of());
  }

  /** The services that wait for {@code service}. */
  public List<String> after(String service) {
    return after.getOrDefault(service, List.of());
  }

  public List<String> services() {
    return List.copyOf(before.keySet());
  }

  /** A dependency cycle as {@code a -> b -> a}, if there is one. */
  public Optional<String> cycle() {
    Map<String, Integer> colour = new LinkedHashMap<>();
    for (String start : before.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      Optional<String> found = visit(start, colour, path);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private Optional<String> visit(String node, Map<String, Integer> colour, Deque<String> path) {
    Integer c = colour.get(node);
    if (c != null && c == 2) {
      return Optional.empty();
    }
    if (c != null && c == 1) {
      List<String> chain = new ArrayList<>(path);
      chain = new ArrayList<>(chain.subList(chain.indexOf(node), chain.size()));
      chain.add(node);
      return Optional.of(String.join(" -> ", chain));
    }
    colour.put(node, 1);
    path.addLast(node);
    for (String next : after(node)) {
      Optional<String> found = visit(next, colour, path);
      if (found.isPresent()) {
        return found;
      }
    }
    path.removeLast();
    colour.put(node, 2);
    return Optional.empty();
  }

  /** Each service's depth: 0 without prerequisites, else one more than its deepest prerequisite. Needs no cycle. */
  public Map<String, Integer> depths() {
    Map<String, Integer> depth = new LinkedHashMap<>();
    for (String service : order()) {
      depth.put(service, before(service).stream().mapToInt(depth::get).map(d -> d + 1).max().orElse(0));
    }
    return depth;
  }

  /** The services in an order that puts every prerequisite first (file order among equals). Needs no cycle. */
  public List<String> order() {
    Map<String, Integer> waiting = new LinkedHashMap<>();
    before.forEach((s, b) -> waiting.put(s, b.size()));
    List<String> order = new ArrayList<>();
    Deque<String> ready = new ArrayDeque<>();
    waiting.forEach((s, n) -> {
      if (n == 0) {
        ready.add(s);
      }
    });
    while (!ready.isEmpty()) {
      String next = ready.poll();
      order.add(next);
      for (String then : after(next)) {
        if (waiting.merge(then, -1, Integer::sum) == 0) {
          ready.add(then);
        }
      }
    }
    return order;
  }

  /** The services {@code service} leads to, directly or through others. */
  public List<String> dependants(String service) {
    List<String> found = new ArrayList<>();
    Deque<String> todo = new ArrayDeque<>(after(service));
    while (!todo.isEmpty()) {
      String next = todo.poll();
      if (!found.contains(next)) {
        found.add(next);
        todo.addAll(after(next));
      }
    }
    return found;
  }
}
