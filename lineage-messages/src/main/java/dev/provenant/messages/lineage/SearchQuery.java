package dev.provenant.messages.lineage;

import java.time.Instant;
import java.util.List;

/**
 * Finds nodes by name, id prefix or digest prefix: datasets, runs, models and artifacts.
 *
 * @param text what was typed: a name (or part of one), {@code run:3f0c}, {@code 3f0c}, {@code sha256:ab},
 *     {@code model:churn}, ...
 * @param limit 1-100
 */
public record SearchQuery(String text, int limit) {
    public SearchQuery {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("search text must not be empty");
        }
        if (text.length() > 200) {
            throw new IllegalArgumentException("search text is longer than 200 characters");
        }
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be between 1 and 100, got " + limit);
        }
        text = text.strip();
    }

    /**
     * One match.
     *
     * @param id typed id
     * @param kind node kind (RUN, DATASET_VERSION, MODEL_VERSION, ARTIFACT, ...)
     * @param label short label
     * @param matched how it matched: ID_PREFIX, DIGEST_PREFIX or NAME
     * @param recordedAt when it first appeared
     */
    public record Hit(NodeId id, NodeKind kind, String label, String matched, Instant recordedAt) {}

    /** The answer. */
    public record Result(List<Hit> hits) {}
}
