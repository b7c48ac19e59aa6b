package io.drover.execution;

import io.drover.step.FailurePolicy;

/**
 * What an ended attempt came to, as the journal records it: the policy's verdict on a failure, or how
 * an attempt Drover had lost track of was settled.
 */
public enum Verdict {
  RETRY, DIE, WARN, ASK,
  /** an attempt re-attached to after Drover lost track of it, which ended well: its result is the step's */
  ADOPTED,
  /** an attempt closed without running again: it never reached its host, or its step type re-checks */
  ABANDONED;

  static Verdict of(FailurePolicy.Verdict verdict) {
    return valueOf(verdict.name());
  }

  /** The verdict a journal row records, or null for none or one this version does not know. */
  static Verdict parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return valueOf(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
