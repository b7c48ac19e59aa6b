package io.drover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package map of docs/architecture.md, read from the sources' imports and qualified names: every
 * package has a layer, and a package uses only packages of layers below its own, so no arrow points up
 * and there is no cycle. Camunda's internals ({@code org.camunda..impl}) are used only by the engine
 * adapter ({@code engine}, {@code engine.*}, {@code *.engine}), and HTTP types (Spring web, servlets,
 * {@code ApiProblem}) only by the layers that answer HTTP.
 */
class PackageDependenciesTest {

  private static final Path MAIN = Path.of("src/main/java/io/drover");
  private static final Pattern USE = Pattern.compile("\\bio\\.drover\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");
  private static final Pattern ENGINE_IMPL = Pattern.compile("\\borg\\.camunda\\.[a-z.]*\\bimpl\\.");
  private static final Pattern HTTP = Pattern.compile(
      "\\b(org\\.springframework\\.http|org\\.springframework\\.web|jakarta\\.servlet)\\.|\\bApiProblem\\b");

  /** Bottom first; "" is io.drover itself (the application class). */
  static final List<List<String>> LAYERS = List.of(
      List.of("codes"),
      List.of("text", "journal", "remote", "client"),
      List.of("inventory"),
      List.of("security"),
      List.of("step"),
      List.of("step.dns"),
      List.of("step.catalog", "preflight", "execution"),
      List.of("runbook", "operation"),
      List.of("plan", "ca"),
      List.of("approval", "report"),
      List.of("web", "engine.jobs"),
      List.of("engine.step", "plan.engine", "approval.engine"),
      List.of("security.engine"),
      List.of("engine"),
      List.of("demo"),
      List.of("cli", ""));

  /** Packages that answer HTTP (controllers, filters, the engine REST gate). */
  static final Set<String> HTTP_LAYER = Set.of("web", "operation", "plan", "ca", "report", "security", "security.engine",
      "cli", "client", "demo");

  @Test
  void everyPackageHasALayerAndUsesOnlyLayersBelowIt() throws IOException {
    Map<String, Set<String>> uses = uses();
    Map<String, Integer> layer = layers();
    assertThat(layer.keySet()).as("packages in the map (docs/architecture.md) and in the sources")
        .containsExactlyInAnyOrderElementsOf(uses.keySet());
    assertThat(notDown(uses, layer)).as("arrows that do not point down").isEmpty();
  }

  @Test
  void theCheckCatchesAnArrowUpAndOneWithinALayer() {
    Map<String, Set<String>> uses = Map.of("step", Set.of("engine.step", "remote"), "preflight", Set.of("step.catalog"),
        "remote", Set.of());
    assertThat(notDown(uses, layers())).containsExactlyInAnyOrder("step -> engine.step", "preflight -> step.catalog");
  }

  private static List<String> notDown(Map<String, Set<String>> uses, Map<String, Integer> layer) {
    List<String> found = new ArrayList<>();
    uses.forEach((pkg, used) -> used.stream().filter(u -> layer.getOrDefault(u, Integer.MAX_VALUE) >= layer.get(pkg))
        .forEach(u -> found.add(name(pkg) + " -> " + name(u))));
    return found;
  }

  @Test
  void docsArchitectureShowsTheMapTheTestChecks() throws IOException {
    Map<String, Integer> documented = new TreeMap<>();
    Set<String> http = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| `([^`]+)` \\|[^|]*\\|\\s*(yes)?\\s*\\|$")
        .matcher(Files.readString(Path.of("docs/architecture.md")));
    while (row.find()) {
      String pkg = row.group(2).equals("(root)") ? "" : row.group(2);
      documented.put(pkg, Integer.parseInt(row.group(1)));
      if (row.group(3) != null) {
        http.add(pkg);
      }
    }
    assertThat(documented).as("docs/architecture.md's table").isEqualTo(new TreeMap<>(layers()));
    assertThat(http).as("docs/architecture.md's HTTP column").containsExactlyInAnyOrderElementsOf(HTTP_LAYER);
  }

  @Test
  void onlyTheEngineAdapterUsesCamundaInternals() throws IOException {
    List<String> leaks = filesMatching(ENGINE_IMPL).stream().filter(f -> !adapter(pkgOf(f))).toList();
    assertThat(leaks).as("files outside the engine adapter importing org.camunda..impl").isEmpty();
    assertThat(filesMatching(ENGINE_IMPL)).as("the scan sees the adapter's own use").isNotEmpty();
  }

  @Test
  void noHttpTypesBelowTheWebLayer() throws IOException {
    List<String> leaks = filesMatching(HTTP).stream().filter(f -> !HTTP_LAYER.contains(pkgOf(f))).toList();
    assertThat(leaks).as("files below the web layer naming HTTP types").isEmpty();
    assertThat(filesMatching(HTTP)).as("the scan sees the controllers").isNotEmpty();
  }

  private static boolean adapter(String pkg) {
    return pkg.equals("engine") || pkg.startsWith("engine.") || pkg.endsWith(".engine");
  }

  private static String name(String pkg) {
    return pkg.isEmpty() ? "io.drover" : pkg;
  }

  private static Map<String, Integer> layers() {
    Map<String, Integer> layer = new LinkedHashMap<>();
    for (int i = 0; i < LAYERS.size(); i++) {
      for (String pkg : LAYERS.get(i)) {
        assertThat(layer.put(pkg, i)).as(pkg + " is in one layer").isNull();
      }
    }
    return layer;
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String pkgOf(Path file) {
    Path dir = MAIN.relativize(file).getParent();
    return dir == null ? "" : dir.toString().replace('/', '.');
  }

  private static String pkgOf(String file) {
    return pkgOf(Path.of(file));
  }

  private static List<String> filesMatching(Pattern pattern) throws IOException {
    List<String> found = new ArrayList<>();
    for (Path file : sources()) {
      if (pattern.matcher(Files.readString(file)).find()) {
        found.add(file.toString());
      }
    }
    return found;
  }

  /** Package (relative to io.drover) to the other io.drover packages its sources name. */
  private static Map<String, Set<String>> uses() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    for (Path file : sources()) {
      String pkg = pkgOf(file);
      Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
      Matcher m = USE.matcher(Files.readString(file));
      while (m.find()) {
        if (!m.group(1).equals(pkg)) {
          used.add(m.group(1));
        }
      }
    }
    return uses;
  }
}
