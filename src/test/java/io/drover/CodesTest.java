package io.drover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The catalogue of codes and docs/codes.md in step: every coded message is written in its module's
 * catalogue class (a {@code ...Logger} extending {@code DroverLogger}), each code in one catalogue,
 * every WARN and ERROR line goes through a catalogue and starts with its code, and docs/codes.md lists
 * exactly the codes and problem types the sources use, each with what to do.
 */
class CodesTest {

  private static final Path MAIN = Path.of("src/main/java");
  private static final Pattern CODE = Pattern.compile("DROVER-[A-Z]+-\\d{3}");
  private static final Pattern RAW_LOG = Pattern.compile("\\b(?:LOG|log|logger)\\.(?:warn|error)\\(");
  private static final Pattern CATALOGUE_LOG = Pattern.compile("\\blog\\.(?:warn|error|info)\\(\\s*\"([^\"]*)");
  private static final Pattern PROBLEM = Pattern.compile(
      "(?:HttpStatus\\.[A-Z_]+|\\b4\\d\\d),\\s*(?:\"[A-Z][^\"]*\",\\s*)?\"([a-z]+(?:-[a-z]+)*)\"");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|[^|]+\\|([^|]+)\\|([^|]*)\\|$");

  @Test
  void everyCodeIsInOneCatalogueAndNowhereElse() throws IOException {
    Map<String, Set<String>> where = new TreeMap<>();
    List<String> outside = new ArrayList<>();
    for (Path file : sources()) {
      String text = Files.readString(file);
      Matcher m = CODE.matcher(text);
      while (m.find()) {
        if (catalogue(file, text)) {
          where.computeIfAbsent(m.group(), k -> new TreeSet<>()).add(file.getFileName().toString());
        } else {
          outside.add(file + ": " + m.group());
        }
      }
    }
    assertThat(outside).as("codes written outside a catalogue class").isEmpty();
    assertThat(where).as("the catalogues hold codes").hasSizeGreaterThan(40);
    where.forEach((code, files) -> assertThat(files).as(code + " is defined in one catalogue").hasSize(1));
  }

  @Test
  void everyWarnAndErrorLineGoesThroughACatalogueAndStartsWithItsCode() throws IOException {
    List<String> raw = new ArrayList<>();
    List<String> uncoded = new ArrayList<>();
    for (Path file : sources()) {
      String text = Files.readString(file);
      if (!catalogue(file, text)) {
        if (RAW_LOG.matcher(text).find()) {
          raw.add(file.toString());
        }
        continue;
      }
      Matcher m = CATALOGUE_LOG.matcher(text);
      while (m.find()) {
        if (!CODE.matcher(m.group(1)).lookingAt()) {
          uncoded.add(file + ": " + m.group(1));
        }
      }
    }
    assertThat(raw).as("WARN/ERROR lines logged outside a catalogue").isEmpty();
    assertThat(uncoded).as("catalogue lines without a code first").isEmpty();
  }

  @Test
  void docsCodesListsExactlyTheCodesAndProblemTypesWithWhatToDo() throws IOException {
    Set<String> codes = new TreeSet<>();
    Set<String> problems = new TreeSet<>(Set.of("bad-request"));
    for (Path file : sources()) {
      String text = Files.readString(file);
      CODE.matcher(text).results().forEach(r -> codes.add(r.group()));
      PROBLEM.matcher(text).results().forEach(r -> problems.add(r.group(1)));
    }
    Set<String> documentedCodes = new TreeSet<>();
    Set<String> documentedProblems = new TreeSet<>();
    List<String> withoutAdvice = new ArrayList<>();
    Matcher row = ROW.matcher(Files.readString(Path.of("docs/codes.md")));
    while (row.find()) {
      (row.group(1).startsWith("DROVER-") ? documentedCodes : documentedProblems).add(row.group(1));
      if (row.group(2).isBlank() || row.group(3).isBlank()) {
        withoutAdvice.add(row.group(1));
      }
    }
    assertThat(documentedCodes).as("codes in docs/codes.md").isEqualTo(codes);
    assertThat(documentedProblems).as("problem types in docs/codes.md").isEqualTo(problems);
    assertThat(withoutAdvice).as("rows without a meaning or what to do").isEmpty();
  }

  private static boolean catalogue(Path file, String text) {
    return file.getFileName().toString().endsWith("Logger.java") && text.contains("extends DroverLogger");
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }
}
