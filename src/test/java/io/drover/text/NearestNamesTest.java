package io.drover.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestNamesTest {

  private static final List<String> SERVICES = List.of("vault", "payments", "ledger", "ledger-archive", "demo");
  private static final List<String> COMMANDS = List.of("run", "status", "services", "server", "report", "plan", "ack");

  @Test
  void aTypoSwapOrMissingLetterFindsTheNameNearestFirst() {
    assertThat(NearestNames.to("vualt", SERVICES)).containsExactly("vault");
    assertThat(NearestNames.to("paymnets", SERVICES)).containsExactly("payments");
    assertThat(NearestNames.to("Ledger", SERVICES)).startsWith("ledger");
    assertThat(NearestNames.to("rn", COMMANDS)).containsExactly("run");
    assertThat(NearestNames.to("servces", COMMANDS)).containsExactly("services", "server");
  }

  @Test
  void aPrefixFindsEveryNameThatStartsWithIt() {
    assertThat(NearestNames.to("led", SERVICES)).containsExactly("ledger", "ledger-archive");
  }

  @Test
  void nothingNearGivesNoHint() {
    assertThat(NearestNames.to("zzzzzz", SERVICES)).isEmpty();
    assertThat(NearestNames.hint("zzzzzz", SERVICES)).isEmpty();
    assertThat(NearestNames.hint("", SERVICES)).isEmpty();
    assertThat(NearestNames.hint("vualt", SERVICES)).isEqualTo("; did you mean vault?");
  }
}
