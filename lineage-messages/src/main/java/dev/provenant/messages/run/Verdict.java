package dev.provenant.messages.run;

/**
 * Outcome of replaying a run. Exit codes of {@code provenant replay-run}: IDENTICAL and EQUIVALENT
 * 0, DIFFERENT 3, FAILED 4, UNVERIFIED 6.
 */
public enum Verdict {
    /** Every declared output and every recorded metric is bit-for-bit the original's. */
    IDENTICAL,
    /** At least one output or metric differs (or is missing, or is extra) beyond the declared tolerances. */
    DIFFERENT,
    /** The replay could not run to completion (or was refused, e.g. environment drift with strict env). */
    FAILED,
    /**
     * Outputs or metrics differ, but only within the tolerances declared for the replay (metric
     * tolerances, numeric tolerance for CSV/JSON outputs, ignored JSON fields).
     */
    EQUIVALENT,
    /** Nothing was compared: the run declared no outputs and recorded no metrics. */
    UNVERIFIED
}
