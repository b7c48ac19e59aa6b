package io.drover.operation;

/** Published when a rehearsal run ends, in its transaction. */
public record RehearsalEnded(String service, String runId, RunOutcome outcome) {
}
