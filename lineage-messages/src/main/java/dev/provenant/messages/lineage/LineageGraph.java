package dev.provenant.messages.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Result of a {@link LineageQuery}. */
public record LineageGraph(String root, List<Node> nodes, List<Edge> edges, boolean truncated) {

    /** A node with its distance in hops from the root. */
    public record Node(
            String id, NodeKind kind, String label, int distance, Map<String, String> attributes, Instant recordedAt) {}

    /** A typed edge, upstream → downstream. */
    public record Edge(String from, String to, EdgeType type, Instant recordedAt) {}
}
