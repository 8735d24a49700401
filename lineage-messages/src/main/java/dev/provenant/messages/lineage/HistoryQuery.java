package dev.provenant.messages.lineage;

import java.time.Instant;

/** Every event about a node, oldest first, up to {@code asOf} (null: now). */
public record HistoryQuery(NodeId node, Instant asOf, int limit) {
    public HistoryQuery {
        java.util.Objects.requireNonNull(node, "node");
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 1 and 10000, got " + limit);
        }
    }
}
