package dev.provenant.messages.lineage;

import java.time.Instant;

/**
 * Breadth-first lineage from {@code node}: every node visited once, at most {@code depth} hops
 * and {@code limit} nodes; {@code asOf} (null: now) sees only what had been recorded by then.
 *
 * <p>An artifact has one origin: the first run, in event order, that produced it (as of {@code
 * asOf}). Later runs that produced the same digest (cache hits, replays, re-executions) are its
 * <em>confirmations</em>: a traversal never passes through them, in either direction, unless
 * {@code includeConfirmations}; then they are reached over {@link EdgeType#REPRODUCED} edges as
 * leaves (not expanded further) and listed in {@link LineageGraph#confirmations()}.
 */
public record LineageQuery(
        NodeId node, Direction direction, int depth, Instant asOf, int limit, boolean includeConfirmations) {
    public static final int MAX_DEPTH = 100;
    public static final int MAX_LIMIT = 10_000;

    public LineageQuery {
        java.util.Objects.requireNonNull(node, "node");
        if (direction == null) {
            throw new IllegalArgumentException("direction is required");
        }
        if (depth < 0 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth must be between 0 and " + MAX_DEPTH + ", got " + depth);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** Origins only (no confirmations). */
    public LineageQuery(NodeId node, Direction direction, int depth, Instant asOf, int limit) {
        this(node, direction, depth, asOf, limit, false);
    }
}
