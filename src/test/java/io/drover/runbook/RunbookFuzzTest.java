package io.drover.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Random and mutated runbooks: the parser and validator answer with diagnostics, never with an
 * exception. Seeds are fixed per repetition, so a failure is reproducible from its repetition number.
 */
class RunbookFuzzTest {

  private static final String ALPHABET = "[]=#;\"\\ \t\n\r->()onrunRETRYDIEWARN0123456789abcXYZ_.${}/\u00e9\u0000";

  @RepeatedTest(300)
  void arbitraryInputOnlyEverGivesDiagnostics(RepetitionInfo repetition) {
    Random random = new Random(7919L * repetition.getCurrentRepetition());
    String text = repetition.getCurrentRepetition() % 2 == 0 ? mutate(RunbookCompilerTest.FIG3, random) : noise(random);
    RunbookCompiler.Result result = RunbookCompilerTest.COMPILER.compile("fuzz.runbook", "payments", text);
    for (Diagnostic d : result.diagnostics()) {
      assertThat(d.line()).isPositive();
      assertThat(d.column()).isPositive();
      assertThat(d.message()).isNotBlank();
    }
    if (result.valid()) {
      result.procedures().forEach(p -> assertThat(BpmnWriter.write(p)).startsWith("<?xml"));
    }
  }

  private static String noise(Random random) {
    StringBuilder out = new StringBuilder();
    int length = random.nextInt(400);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private static String mutate(String text, Random random) {
    StringBuilder out = new StringBuilder(text);
    int mutations = 1 + random.nextInt(6);
    for (int i = 0; i < mutations; i++) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(4)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        case 2 -> out.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        default -> {
          List<String> lines = List.of(out.toString().split("\n", -1));
          String line = lines.get(random.nextInt(lines.size()));
          out.insert(at, "\n" + line + "\n");
        }
      }
    }
    return out.toString();
  }
}
