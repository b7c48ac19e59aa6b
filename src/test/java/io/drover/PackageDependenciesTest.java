package io.drover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering the code relies on, read from the sources' imports and qualified names: the SSH layer
 * knows nothing of steps, step types know nothing of the engine adapter, approval knows nothing of the
 * engine adapter, and the command line's client code is shared, not borrowed between cli and demo.
 */
class PackageDependenciesTest {

  private static final Path MAIN = Path.of("src/main/java/io/drover");
  private static final Pattern USE = Pattern.compile("\\bio\\.drover\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");

  @Test
  void eachLayerUsesOnlyWhatIsBelowIt() throws IOException {
    Map<String, Set<String>> uses = uses();
    assertThat(uses).containsKeys("remote", "step", "approval", "procedure", "client", "cli", "demo");
    assertThat(uses.get("remote")).as("remote (SSH) uses").doesNotContain("step", "procedure", "operation", "approval");
    assertThat(uses.get("step")).as("step types use").doesNotContain("procedure", "approval", "operation", "plan");
    assertThat(uses.get("approval")).as("approval uses").doesNotContain("procedure");
    assertThat(uses.get("demo")).as("demo uses").doesNotContain("cli");
    assertThat(uses.get("client")).as("client uses").doesNotContain("cli", "demo");
    assertThat(uses.get("procedure")).as("the engine adapter uses").contains("step", "approval", "remote");
  }

  /** Package (relative to io.drover) to the other io.drover packages its sources name. */
  private static Map<String, Set<String>> uses() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path dir = MAIN.relativize(file).getParent();
        String pkg = dir == null ? "" : dir.toString().replace('/', '.');
        Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
        Matcher m = USE.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            used.add(m.group(1));
          }
        }
      }
    }
    return uses;
  }
}
