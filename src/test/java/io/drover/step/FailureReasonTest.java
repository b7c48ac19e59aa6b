package io.drover.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.remote.RemoteFailure;
import org.junit.jupiter.api.Test;

/** Every failure of the SSH layer has the step's reason of the same name (a new one cannot be forgotten). */
class FailureReasonTest {

  @Test
  void everyRemoteFailureKeepsItsNameAsTheStepsReason() {
    for (RemoteFailure failure : RemoteFailure.values()) {
      assertThat(FailureReason.of(failure).name()).isEqualTo(failure.name());
    }
    assertThat(FailureReason.of(RemoteFailure.CONNECTION_LOST)).isEqualTo(FailureReason.CONNECTION_LOST);
  }
}
