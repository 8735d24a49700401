package dev.provenant.messages.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Result of a {@link LineageQuery}. {@code confirmations} is empty unless the query included
 * them; then it has one entry per {@link EdgeType#REPRODUCED} edge of {@code edges}, in the same
 * order.
 */
public record LineageGraph(
        NodeId root, List<Node> nodes, List<Edge> edges, boolean truncated, List<Confirmation> confirmations) {

    public LineageGraph {
        confirmations = confirmations == null ? List.of() : confirmations;
    }

    /** Without confirmations. */
    public LineageGraph(NodeId root, List<Node> nodes, List<Edge> edges, boolean truncated) {
        this(root, nodes, edges, truncated, List.of());
    }

    /** A node with its distance in hops from the root. */
    public record Node(
            NodeId id, NodeKind kind, String label, int distance, Map<String, String> attributes, Instant recordedAt) {}

    /** A typed edge, parent → child (upstream → downstream). */
    public record Edge(NodeId from, NodeId to, EdgeType type, Instant recordedAt) {}

    /**
     * A later run that produced {@code artifact} again: {@code origin} is the run that produced it
     * first (as of the query's time); {@code recordedAt} is when {@code run}'s output was recorded.
     */
    public record Confirmation(NodeId run, NodeId artifact, NodeId origin, Instant recordedAt) {}
}
