package dev.provenant.messages.lineage;

/** How a later run came to produce an artifact's bytes again. */
public enum ConfirmationKind {
    /** A pipeline step that was not executed: it reused the stored outputs of an earlier run. */
    CACHE_HIT,
    /** A replay of an earlier run ({@code replay-run}), with its verdict. */
    REPLAY,
    /** An independent run that happened to produce the same bytes. */
    REEXECUTION
}
