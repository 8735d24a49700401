package dev.provenant.messages.lineage;

/** Kinds of lineage nodes. A {@code sha256:} node is an ARTIFACT unless known as code or environment. */
public enum NodeKind {
    DATASET_VERSION,
    ARTIFACT,
    CODE_SNAPSHOT,
    ENVIRONMENT,
    RUN,
    MODEL_VERSION
}
