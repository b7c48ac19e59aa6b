package io.drover.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FailurePolicyTest {

  @Test
  void parsesThePatentsPolicies() {
    assertThat(FailurePolicy.parse("DIE")).isEqualTo(new FailurePolicy(0, FailurePolicy.Action.DIE));
    assertThat(FailurePolicy.parse(" warn ")).isEqualTo(new FailurePolicy(0, FailurePolicy.Action.WARN));
    assertThat(FailurePolicy.parse("ASK").finalAction()).isEqualTo(FailurePolicy.Action.ASK);
    assertThat(FailurePolicy.parse("RETRY 2 DIE")).isEqualTo(new FailurePolicy(2, FailurePolicy.Action.DIE));
    assertThat(FailurePolicy.parse("RETRY, 2 DIE")).isEqualTo(new FailurePolicy(2, FailurePolicy.Action.DIE));
    assertThat(FailurePolicy.parse("RETRY 1 WARN").maxAttempts()).isEqualTo(2);
  }

  @Test
  void takesTheRetryCountFromItsOwnPropertyAsElementTemplatesWriteIt() {
    assertThat(FailurePolicy.parse("RETRY DIE", "2")).isEqualTo(new FailurePolicy(2, FailurePolicy.Action.DIE));
    assertThat(FailurePolicy.parse("WARN", null)).isEqualTo(new FailurePolicy(0, FailurePolicy.Action.WARN));
    assertThatThrownBy(() -> FailurePolicy.parse("RETRY WARN", null)).hasMessageContaining("needs 'retries'");
    assertThatThrownBy(() -> FailurePolicy.parse("RETRY WARN", "0")).hasMessageContaining("n from 1 to 100");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "RETRY", "RETRY 0 DIE", "RETRY 2", "RETRY 2 ASK", "RETRY 101 DIE", "STOP", "RETRY -1 DIE"})
  void refusesAnythingElseSayingWhatIsAccepted(String text) {
    assertThatThrownBy(() -> FailurePolicy.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use DIE, WARN, ASK, or RETRY n DIE");
  }

  @Test
  void aFailedAttemptIsRetriedWhileAttemptsAreLeftThenTakesTheFinalAction() {
    FailurePolicy retry = FailurePolicy.parse("RETRY 2 WARN");
    assertThat(List.of(retry.verdict(1), retry.verdict(2), retry.verdict(3)))
        .containsExactly(FailurePolicy.Verdict.RETRY, FailurePolicy.Verdict.RETRY, FailurePolicy.Verdict.WARN);
    assertThat(FailurePolicy.DIE.verdict(1)).isEqualTo(FailurePolicy.Verdict.DIE);
    assertThat(FailurePolicy.parse("ASK").verdict(1)).isEqualTo(FailurePolicy.Verdict.ASK);
    assertThat(FailurePolicy.parse("RETRY 1 DIE").verdict(2))
        .isEqualTo(FailurePolicy.Verdict.DIE);
    assertThatThrownBy(() -> retry.verdict(0))
        .hasMessage("attempts are numbered from 1, not 0");
  }

  @Test
  void aTasksOwnPolicyWinsWithItsOwnRetriesAndAModelWithoutOneDies() {
    java.util.Map<String, String> process = java.util.Map.of("onFailure", "RETRY WARN", "retries", "3");
    assertThat(FailurePolicy.of(java.util.Map.of("onFailure", "ASK"), process)).hasToString("ASK");
    assertThat(FailurePolicy.of(java.util.Map.of(), process)).hasToString("RETRY 3 WARN");
    assertThat(FailurePolicy.of(java.util.Map.of("retries", "9"), process)).as("retries alone do not override")
        .hasToString("RETRY 3 WARN");
    assertThat(FailurePolicy.of(java.util.Map.of(), java.util.Map.of())).isEqualTo(FailurePolicy.DIE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FailurePolicy.of(java.util.Map.of("onFailure",
        "RETRY DIE"), java.util.Map.of())).hasMessageContaining("needs 'retries'");
  }
}
