package io.drover.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The live line a terminal shows while a long step runs. */
class RunFollowerTest {

  @Test
  void aRunningStepShowsItsNameAndElapsedTime() {
    assertThat(RunFollower.liveLine("Copy data to standby", Duration.ofSeconds(42)))
        .isEqualTo("   ... Copy data to standby running for 42s");
    assertThat(RunFollower.liveLine("Rebuild database", Duration.ofSeconds(185)))
        .isEqualTo("   ... Rebuild database running for 3m05s");
  }
}
