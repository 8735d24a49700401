package dev.provenant.messages.model;

/** Stages of a model version. A new version starts in NONE. */
public enum ModelStage {
    NONE,
    STAGING,
    PRODUCTION,
    ARCHIVED
}
