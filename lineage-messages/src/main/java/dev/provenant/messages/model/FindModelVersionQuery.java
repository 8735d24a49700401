package dev.provenant.messages.model;

import java.time.Instant;

/** One model version, with its stage as of {@code asOf} (null: now). */
public record FindModelVersionQuery(ModelVersionId modelVersionId, Instant asOf) {}
