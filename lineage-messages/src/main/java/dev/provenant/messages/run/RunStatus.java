package dev.provenant.messages.run;

/** Lifecycle of a run. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    FAILED
}
