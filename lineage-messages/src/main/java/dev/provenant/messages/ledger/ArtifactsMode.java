package dev.provenant.messages.ledger;

/** Which artifacts referenced by events a verification reads back and checks. */
public enum ArtifactsMode {
    /** None: the event chain and checkpoints only. */
    NONE,
    /** A random sample of the referenced artifacts (manifests checked as objects). */
    SAMPLE,
    /** Every referenced artifact, and every file listed by referenced manifests. */
    ALL
}
