package dev.provenant.messages.run;

/** Outcome of replaying a run. */
public enum Verdict {
    /** Every output has the same digest as the original's. */
    IDENTICAL,
    /** At least one output differs (or is missing, or is extra). */
    DIFFERENT,
    /** The replay could not run to completion. */
    FAILED
}
