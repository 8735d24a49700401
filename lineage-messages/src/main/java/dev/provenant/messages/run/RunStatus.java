package dev.provenant.messages.run;

/** Lifecycle of a run. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Closed by the server: its recorder stopped renewing the run's lease (killed, lost). */
    ABANDONED
}
