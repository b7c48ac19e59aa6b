package io.drover.execution;

import io.drover.step.FailurePolicy;
import io.drover.step.StepRequest;
import io.drover.step.StepType;

/** One pass of the engine through a step: what runs, under which policy, with which inputs. */
public record StepPass(AttemptKey key, StepType type, FailurePolicy policy, StepRequest request) {
}
