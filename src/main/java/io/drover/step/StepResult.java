package io.drover.step;

/**
 * A step's success: what it ran and what came back, for the journal.
 *
 * @param exitCode the exit status of the (last) command, 0 on success
 */
public record StepResult(Integer exitCode, String stdout, String stderr) {
}
