package io.drover.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a service's last successful rehearsal still proves it, and when it is due. */
class RehearsalProofTest {

  private static final Instant ENDED = Instant.parse("2026-01-10T08:00:00Z");

  @Test
  void aServiceWithNoSuccessfulRehearsalIsNeverRehearsedWhateverFailedBefore() {
    RehearsalProof proof = RehearsalProof.of("r1", ENDED, RunOutcome.FAILED, null, null, null, "f", Duration.ofDays(365));
    assertThat(proof.status(ENDED)).isEqualTo(RehearsalProof.NEVER_REHEARSED);
    assertThat(proof.dueAt()).isNull();
    assertThat(proof.ageSeconds(ENDED)).isNaN();
  }

  @Test
  void anUnchangedServiceIsProvenUntilThePeriodEndsThenDue() {
    RehearsalProof proof = RehearsalProof.of("r2", ENDED, RunOutcome.SUCCEEDED, "r2", ENDED, "f", "f",
        Duration.ofSeconds(1));
    assertThat(proof.dueAt()).isEqualTo(ENDED.plusSeconds(1));
    assertThat(proof.status(ENDED.plusMillis(999))).isEqualTo(RehearsalProof.PROVEN);
    assertThat(proof.status(ENDED.plusSeconds(2))).isEqualTo(RehearsalProof.REHEARSAL_DUE);
    assertThat(proof.ageSeconds(ENDED.plusSeconds(90))).isEqualTo(90.0);
  }

  @Test
  void aChangeSinceTheRehearsalNeedsVerificationEvenWhenItIsAlsoDue() {
    RehearsalProof proof = RehearsalProof.of("r3", ENDED, RunOutcome.FAILED, "r2", ENDED.minusSeconds(60), "f", "g",
        Duration.ofDays(365));
    assertThat(proof.changedSince()).isTrue();
    assertThat(proof.status(ENDED)).isEqualTo(RehearsalProof.NEEDS_VERIFICATION);
    assertThat(proof.status(ENDED.plus(Duration.ofDays(400)))).isEqualTo(RehearsalProof.NEEDS_VERIFICATION);
    // the last rehearsal failed, but the one before still counts for the age and the due date
    assertThat(proof.lastOutcome()).isEqualTo(RunOutcome.FAILED);
    assertThat(proof.dueAt()).isEqualTo(ENDED.minusSeconds(60).plus(Duration.ofDays(365)));
  }

  @Test
  void aLaterFailedRehearsalNeedsVerificationButACancelledOneDoesNot() {
    RehearsalProof failed = RehearsalProof.of("r3", ENDED, RunOutcome.CLEANUP_INCOMPLETE, "r2", ENDED.minusSeconds(60),
        "f", "f", Duration.ofDays(365));
    assertThat(failed.failedSince()).isTrue();
    assertThat(failed.status(ENDED)).isEqualTo(RehearsalProof.NEEDS_VERIFICATION);
    RehearsalProof cancelled = RehearsalProof.of("r3", ENDED, RunOutcome.ABORTED, "r2", ENDED.minusSeconds(60), "f",
        "f", Duration.ofDays(365));
    assertThat(cancelled.status(ENDED)).isEqualTo(RehearsalProof.PROVEN);
  }

  @Test
  void aPeriodIsShownAsItIsWritten() {
    assertThat(RehearsalView.period(Duration.parse("P365D"))).isEqualTo("P365D");
    assertThat(RehearsalView.period(Duration.parse("PT36H"))).isEqualTo("PT36H");
  }

  @Test
  void aPlanIsAsProvenAsItsLeastProvenService() {
    assertThat(RehearsalProof.worst(java.util.List.of("PROVEN", "REHEARSAL_DUE", "PROVEN"))).isEqualTo("REHEARSAL_DUE");
    assertThat(RehearsalProof.worst(java.util.List.of("REHEARSAL_DUE", "NEEDS_VERIFICATION"))).isEqualTo(
        "NEEDS_VERIFICATION");
    assertThat(RehearsalProof.worst(java.util.List.of("NEEDS_VERIFICATION", "NEVER_REHEARSED"))).isEqualTo(
        "NEVER_REHEARSED");
    assertThat(RehearsalProof.worst(java.util.List.of("PROVEN"))).isEqualTo("PROVEN");
  }
}
