package dev.provenant.lineage.graph.projection;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.provenant.lineage.graph.index.LineageIndexService;
import dev.provenant.lineage.readmodel.Json;
import dev.provenant.messages.common.AggregateId;
import dev.provenant.messages.common.EventId;
import dev.provenant.messages.common.ProvenantMetadata;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.lineage.ArtifactOrigins;
import dev.provenant.messages.lineage.ArtifactOriginsQuery;
import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.EdgeType;
import dev.provenant.messages.lineage.FindNodeQuery;
import dev.provenant.messages.lineage.HistoryEntry;
import dev.provenant.messages.lineage.HistoryQuery;
import dev.provenant.messages.lineage.HistoryResult;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.lineage.NodeKind;
import dev.provenant.messages.run.RunId;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers lineage, node and history queries. Lineage is a bounded breadth-first traversal: one
 * SQL query per level over the frontier, every node visited once (cycles are safe), stopping at
 * {@code depth} hops or {@code limit} nodes (then {@code truncated} is set).
 */
@Component
public class LineageQueries {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T23:59:59Z");

    private final JdbcTemplate jdbc;
    private final LineageIndexService index;

    /** SQL only: the reference traversal. */
    public LineageQueries(JdbcTemplate jdbc) {
        this(jdbc, null);
    }

    /** The in-memory engine when it is ready, the SQL traversal otherwise. */
    @Autowired
    public LineageQueries(JdbcTemplate jdbc, LineageIndexService index) {
        this.jdbc = jdbc;
        this.index = index;
    }

    @QueryHandler
    public LineageGraph handle(LineageQuery q) {
        if (index != null) {
            Optional<LineageGraph> fast = index.answer(q);
            if (fast.isPresent()) {
                return fast.get();
            }
        }
        return traverseSql(q);
    }

    /**
     * The reference traversal in SQL, one query per level; the in-memory engine answers exactly
     * the same (see {@code LineageIndex}). Within a level, edges are taken in (event position,
     * from, to, type) order with byte-wise ({@code COLLATE "C"}) id order, so the node cap cuts at
     * the same place whatever the database's collation. A PRODUCED edge that is not its artifact's
     * origin (the artifact's visible PRODUCED edge with the lowest event position, then from id) is
     * a confirmation: skipped, or with {@code includeConfirmations} returned as REPRODUCED with its
     * far end as a leaf that is not expanded (unless an ordinary edge reaches it on the same level).
     */
    public LineageGraph traverseSql(LineageQuery q) {
        Instant asOf = q.asOf() == null ? FAR_FUTURE : q.asOf();
        boolean withConfirmations = q.includeConfirmations();
        Map<NodeId, Integer> distance = new LinkedHashMap<>();
        Set<NodeId> leaves = new HashSet<>();
        Map<NodeId, NodeId> origins = new HashMap<>();
        Set<List<Object>> edgeKeys = new LinkedHashSet<>();
        List<LineageGraph.Edge> edges = new ArrayList<>();
        boolean truncated = false;

        NodeId rootId = q.node();
        Optional<LineageGraph.Node> root = handle(new FindNodeQuery(q.node(), q.asOf()));
        if (root.isEmpty()) {
            return new LineageGraph(rootId, List.of(), List.of(), false);
        }
        distance.put(rootId, 0);
        List<NodeId> frontier = List.of(rootId);
        for (int level = 1; level <= q.depth() && !frontier.isEmpty() && !truncated; level++) {
            List<NodeId> next = new ArrayList<>();
            List<LineageGraph.Edge> candidates = neighbours(frontier, q.direction(), asOf);
            resolveOrigins(candidates, asOf, origins);
            for (LineageGraph.Edge e : candidates) {
                boolean confirmation = isConfirmation(e, origins);
                if (confirmation && !withConfirmations) {
                    continue;
                }
                NodeId other = distance.containsKey(e.from()) ? e.to() : e.from();
                if (!distance.containsKey(other)) {
                    if (distance.size() >= q.limit()) {
                        truncated = true;
                        continue;
                    }
                    distance.put(other, level);
                    if (confirmation) {
                        leaves.add(other); // a confirmation is shown, not traversed
                    } else {
                        next.add(other);
                    }
                } else if (!confirmation && distance.get(other) == level && leaves.remove(other)) {
                    next.add(other); // also reached by an ordinary edge on its own level
                }
                LineageGraph.Edge shown =
                        confirmation ? new LineageGraph.Edge(e.from(), e.to(), EdgeType.REPRODUCED, e.recordedAt()) : e;
                if (edgeKeys.add(List.of(shown.from(), shown.to(), shown.type()))) {
                    edges.add(shown);
                }
            }
            frontier = next;
        }
        // edges whose ends are both visited only (a truncated traversal leaves some out)
        List<LineageGraph.Edge> kept = edges.stream()
                .filter(e -> distance.containsKey(e.from()) && distance.containsKey(e.to()))
                .toList();
        List<LineageGraph.Confirmation> confirmations = kept.stream()
                .filter(e -> e.type() == EdgeType.REPRODUCED)
                .map(e -> new LineageGraph.Confirmation(e.from(), e.to(), origins.get(e.to()), e.recordedAt()))
                .toList();
        List<LineageGraph.Node> nodes = loadNodes(distance, asOf);
        return new LineageGraph(rootId, nodes, kept, truncated, confirmations);
    }

    private static Object[] texts(Collection<NodeId> ids) {
        return ids.stream().map(NodeId::value).toArray();
    }

    private static boolean isConfirmation(LineageGraph.Edge e, Map<NodeId, NodeId> origins) {
        return e.type() == EdgeType.PRODUCED && !e.from().equals(origins.get(e.to()));
    }

    /** Adds the origin of every PRODUCED edge's artifact not resolved yet. */
    private void resolveOrigins(List<LineageGraph.Edge> candidates, Instant asOf, Map<NodeId, NodeId> origins) {
        Set<String> missing = new LinkedHashSet<>();
        for (LineageGraph.Edge e : candidates) {
            if (e.type() == EdgeType.PRODUCED && !origins.containsKey(e.to())) {
                missing.add(e.to().value());
            }
        }
        if (!missing.isEmpty()) {
            origins(missing, asOf).forEach((artifact, run) -> origins.put(new NodeId(artifact), new NodeId(run)));
        }
    }

    /** The first producer (lowest event position, then from id) of each artifact, as of {@code asOf}. */
    private Map<String, String> origins(Collection<String> artifacts, Instant asOf) {
        Map<String, String> out = new HashMap<>();
        jdbc.execute((Connection c) -> {
            Array array = c.createArrayOf("varchar", artifacts.toArray());
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (to_id) to_id, from_id"
                    + " FROM lineage_edges WHERE type = 'PRODUCED' AND to_id = ANY(?) AND recorded_at <= ?"
                    + " ORDER BY to_id, event_position, from_id COLLATE \"C\"")) {
                ps.setArray(1, array);
                ps.setTimestamp(2, java.sql.Timestamp.from(asOf));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            } finally {
                array.free();
            }
            return null;
        });
        return out;
    }

    /** The origin of each artifact (the first run that produced it) as of a time. */
    @QueryHandler
    public ArtifactOrigins handle(ArtifactOriginsQuery q) {
        if (q.artifacts().isEmpty()) {
            return new ArtifactOrigins(Map.of());
        }
        Instant asOf = q.asOf() == null ? FAR_FUTURE : q.asOf();
        Map<Sha256Digest, RunId> typed = new HashMap<>();
        origins(q.artifacts().stream().map(Sha256Digest::toString).distinct().toList(), asOf)
                .forEach((artifact, run) -> typed.put(Sha256Digest.parse(artifact), RunId.parse(run)));
        return new ArtifactOrigins(typed);
    }

    private List<LineageGraph.Edge> neighbours(List<NodeId> frontier, Direction direction, Instant asOf) {
        List<LineageGraph.Edge> out = new ArrayList<>();
        if (direction == Direction.UPSTREAM || direction == Direction.BOTH) {
            out.addAll(edgesWhere("to_id", frontier, asOf));
        }
        if (direction == Direction.DOWNSTREAM || direction == Direction.BOTH) {
            out.addAll(edgesWhere("from_id", frontier, asOf));
        }
        return out;
    }

    private List<LineageGraph.Edge> edgesWhere(String column, List<NodeId> ids, Instant asOf) {
        return jdbc.execute((Connection c) -> {
            Array array = c.createArrayOf("varchar", texts(ids));
            try (PreparedStatement ps = c.prepareStatement("SELECT from_id, to_id, type, recorded_at FROM lineage_edges"
                    + " WHERE " + column
                    + " = ANY(?) AND recorded_at <= ? ORDER BY event_position, from_id COLLATE \"C\","
                    + " to_id COLLATE \"C\", type COLLATE \"C\"")) {
                ps.setArray(1, array);
                ps.setTimestamp(2, java.sql.Timestamp.from(asOf));
                List<LineageGraph.Edge> edges = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        edges.add(new LineageGraph.Edge(
                                new NodeId(rs.getString(1)),
                                new NodeId(rs.getString(2)),
                                EdgeType.valueOf(rs.getString(3)),
                                rs.getTimestamp(4).toInstant()));
                    }
                }
                return edges;
            } finally {
                array.free();
            }
        });
    }

    private List<LineageGraph.Node> loadNodes(Map<NodeId, Integer> distance, Instant asOf) {
        Map<NodeId, LineageGraph.Node> byId = new HashMap<>();
        jdbc.execute((Connection c) -> {
            Array array = c.createArrayOf("varchar", texts(distance.keySet()));
            try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, label, attributes::text, recorded_at"
                    + " FROM lineage_nodes WHERE id = ANY(?) AND recorded_at <= ?")) {
                ps.setArray(1, array);
                ps.setTimestamp(2, java.sql.Timestamp.from(asOf));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        LineageGraph.Node n = mapNode(rs, distance.get(new NodeId(rs.getString(1))));
                        byId.put(n.id(), n);
                    }
                }
            } finally {
                array.free();
            }
            return null;
        });
        List<LineageGraph.Node> nodes = new ArrayList<>();
        distance.keySet().forEach(id -> {
            LineageGraph.Node n = byId.get(id);
            if (n != null) {
                nodes.add(n);
            }
        });
        return nodes;
    }

    @QueryHandler
    public Optional<LineageGraph.Node> handle(FindNodeQuery q) {
        Instant asOf = q.asOf() == null ? FAR_FUTURE : q.asOf();
        String id = q.node().value();
        List<LineageGraph.Node> found = jdbc.query(
                "SELECT id, kind, label, attributes::text, recorded_at FROM lineage_nodes WHERE id = ? AND recorded_at <= ?",
                (rs, i) -> mapNode(rs, 0),
                id,
                java.sql.Timestamp.from(asOf));
        return found.stream().findFirst();
    }

    private static LineageGraph.Node mapNode(ResultSet rs, int distance) throws SQLException {
        return new LineageGraph.Node(
                new NodeId(rs.getString(1)),
                NodeKind.valueOf(rs.getString(2)),
                rs.getString(3),
                distance,
                Json.read(rs.getString(4), STRING_MAP),
                rs.getTimestamp(5).toInstant());
    }

    /**
     * History straight from the event store: the events of the node's own aggregate (datasets,
     * runs, models) plus every event that referenced it, oldest first.
     */
    @QueryHandler
    public HistoryResult handle(HistoryQuery q) {
        String node = q.node().value();
        // The event store keeps Axon's ISO-8601 timestamp strings; filter as-of on the parsed value.
        List<HistoryEntry> all = jdbc.query(
                "SELECT globalindex, eventidentifier, aggregateidentifier, sequencenumber, payloadtype,"
                        + " payloadrevision, metadata, timestamp, payload FROM domainevententry"
                        + " WHERE aggregateidentifier = ?"
                        + " OR globalindex IN (SELECT event_position FROM node_events WHERE node_id = ?)"
                        + " ORDER BY globalindex LIMIT ?",
                (rs, i) -> new HistoryEntry(
                        rs.getLong(1),
                        EventId.parse(rs.getString(2)),
                        AggregateId.parse(rs.getString(3)),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getString(6),
                        principalOf(rs.getBytes(7)),
                        Instant.parse(rs.getString(8)),
                        new String(rs.getBytes(9), StandardCharsets.UTF_8)),
                node,
                node,
                q.limit() + 1);
        boolean truncated = all.size() > q.limit();
        List<HistoryEntry> events = truncated ? all.subList(0, q.limit()) : all;
        if (q.asOf() != null) {
            events = events.stream()
                    .filter(e -> !e.timestamp().isAfter(q.asOf()))
                    .toList();
        }
        return new HistoryResult(q.node(), List.copyOf(events), truncated);
    }

    private static String principalOf(byte[] metadata) {
        if (metadata == null) {
            return null;
        }
        Map<String, Object> m = Json.read(new String(metadata, StandardCharsets.UTF_8), new TypeReference<>() {});
        Object p = m.get(ProvenantMetadata.PRINCIPAL);
        return p == null ? null : p.toString();
    }
}
