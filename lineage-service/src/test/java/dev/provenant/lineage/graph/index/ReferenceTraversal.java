package dev.provenant.lineage.graph.index;

import static dev.provenant.messages.common.Ids.text;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.provenant.lineage.graph.index.LineageIndex.EdgeRow;
import dev.provenant.lineage.graph.index.LineageIndex.NodeRow;
import dev.provenant.lineage.readmodel.Json;
import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.EdgeType;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQL traversal of {@code LineageQueries.traverseSql}, transcribed onto plain lists (a scan of
 * every edge per level, maps instead of tables), for fast unit-level comparison.
 */
final class ReferenceTraversal {

    private final Map<String, NodeRow> nodes = new LinkedHashMap<>();
    private final List<EdgeRow> edges;
    private final Map<String, List<EdgeRow>> producers = new java.util.HashMap<>();

    ReferenceTraversal(List<NodeRow> nodeRows, List<EdgeRow> edges) {
        for (NodeRow n : nodeRows) {
            nodes.putIfAbsent(n.id(), n);
        }
        this.edges = edges;
        for (EdgeRow e : edges) {
            if (e.type() == EdgeType.PRODUCED) {
                producers.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
            }
        }
    }

    LineageGraph query(LineageQuery q) {
        long asOf = q.asOf() == null ? Long.MAX_VALUE : LineageIndex.micros(q.asOf());
        NodeRow root = nodes.get(text(q.node()));
        if (root == null || root.recordedAtMicros() > asOf) {
            return new LineageGraph(q.node(), List.of(), List.of(), false);
        }
        Map<String, Integer> distance = new LinkedHashMap<>();
        Set<String> leaves = new HashSet<>();
        Set<List<Object>> edgeKeys = new LinkedHashSet<>();
        List<EdgeRow> found = new ArrayList<>();
        boolean truncated = false;
        distance.put(text(q.node()), 0);
        Set<String> frontier = Set.of(text(q.node()));
        Comparator<EdgeRow> order = Comparator.comparingLong(EdgeRow::position)
                .thenComparing(EdgeRow::from, LineageIndex::compareCodePoints)
                .thenComparing(EdgeRow::to, LineageIndex::compareCodePoints)
                .thenComparing(e -> e.type().name());
        for (int level = 1; level <= q.depth() && !frontier.isEmpty() && !truncated; level++) {
            List<EdgeRow> candidates = new ArrayList<>();
            if (q.direction() != Direction.DOWNSTREAM) {
                Set<String> f = frontier;
                candidates.addAll(edges.stream()
                        .filter(e -> f.contains(e.to()) && e.recordedAtMicros() <= asOf)
                        .sorted(order)
                        .toList());
            }
            if (q.direction() != Direction.UPSTREAM) {
                Set<String> f = frontier;
                candidates.addAll(edges.stream()
                        .filter(e -> f.contains(e.from()) && e.recordedAtMicros() <= asOf)
                        .sorted(order)
                        .toList());
            }
            Set<String> next = new LinkedHashSet<>();
            for (EdgeRow e : candidates) {
                boolean confirmation = confirmation(e, asOf);
                if (confirmation && !q.includeConfirmations()) {
                    continue;
                }
                String other = distance.containsKey(e.from()) ? e.to() : e.from();
                if (!distance.containsKey(other)) {
                    if (distance.size() >= q.limit()) {
                        truncated = true;
                        continue;
                    }
                    distance.put(other, level);
                    if (confirmation) {
                        leaves.add(other);
                    } else {
                        next.add(other);
                    }
                } else if (!confirmation && distance.get(other) == level && leaves.remove(other)) {
                    next.add(other);
                }
                EdgeRow shown = confirmation
                        ? new EdgeRow(e.from(), e.to(), EdgeType.REPRODUCED, e.recordedAtMicros(), e.position())
                        : e;
                if (edgeKeys.add(List.of(shown.from(), shown.to(), shown.type()))) {
                    found.add(shown);
                }
            }
            frontier = next;
        }
        List<LineageGraph.Node> out = new ArrayList<>();
        distance.forEach((id, d) -> {
            NodeRow n = nodes.get(id);
            if (n != null && n.recordedAtMicros() <= asOf) {
                out.add(new LineageGraph.Node(
                        new NodeId(id),
                        n.kind(),
                        n.label(),
                        d,
                        Json.read(n.attributesJson(), new TypeReference<Map<String, String>>() {}),
                        LineageIndex.instant(n.recordedAtMicros())));
            }
        });
        return new LineageGraph(
                q.node(),
                out,
                found.stream()
                        .map(e -> new LineageGraph.Edge(
                                new NodeId(e.from()),
                                new NodeId(e.to()),
                                e.type(),
                                LineageIndex.instant(e.recordedAtMicros())))
                        .toList(),
                truncated,
                found.stream()
                        .filter(e -> e.type() == EdgeType.REPRODUCED)
                        .map(e -> new LineageGraph.Confirmation(
                                new NodeId(e.from()),
                                new NodeId(e.to()),
                                new NodeId(origin(e.to(), asOf).from()),
                                LineageIndex.instant(e.recordedAtMicros())))
                        .toList());
    }

    /** A PRODUCED edge that is not the first (by position, then from id) into its artifact. */
    private boolean confirmation(EdgeRow e, long asOf) {
        return e.type() == EdgeType.PRODUCED && !origin(e.to(), asOf).equals(e);
    }

    private EdgeRow origin(String artifact, long asOf) {
        return producers.getOrDefault(artifact, List.of()).stream()
                .filter(e -> e.recordedAtMicros() <= asOf)
                .min(Comparator.comparingLong(EdgeRow::position)
                        .thenComparing(EdgeRow::from, LineageIndex::compareCodePoints))
                .orElseThrow();
    }
}
