package dev.provenant.lineage.graph.index;

import dev.provenant.lineage.graph.index.LineageIndex.EdgeRow;
import dev.provenant.lineage.graph.index.LineageIndex.NodeRow;
import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.EdgeType;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.lineage.NodeKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random lineage graphs with the shapes that break traversals: cycles and self-loops, several edge
 * types between one pair, a hub with hundreds of edges each way, a chain longer than 50, edges to
 * ids that have no node row, nodes recorded after their edges, many edges of one event (equal
 * positions, so id order decides), ids that sort differently under a linguistic collation, and
 * recorded-at times with ties; and random queries over them, as-of cut-offs included.
 */
final class RandomLineage {

    /** Edge types the read model stores; PRODUCED several times, so artifacts have confirmations. */
    private static final EdgeType[] STORED = java.util.stream.Stream.concat(
                    java.util.Arrays.stream(EdgeType.values()).filter(EdgeType::stored),
                    java.util.stream.Stream.of(EdgeType.PRODUCED, EdgeType.PRODUCED, EdgeType.PRODUCED))
            .toArray(EdgeType[]::new);

    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;

    final List<String> ids = new ArrayList<>();
    final List<NodeRow> nodes = new ArrayList<>();
    final List<EdgeRow> edges = new ArrayList<>();
    final String hub;
    final String chainHead;
    final String chainTail;
    private final Random random;

    RandomLineage(long seed, int nodeCount, int edgeCount) {
        random = new Random(seed);
        Set<String> unique = new LinkedHashSet<>();
        while (unique.size() < nodeCount) {
            unique.add(randomId());
        }
        ids.addAll(unique);
        for (String id : ids) {
            if (random.nextInt(20) == 0) {
                continue; // an id only edges name
            }
            nodes.add(new NodeRow(
                    id, kindOf(id), random.nextInt(4) == 0 ? null : "n" + random.nextInt(100), attrs(), time()));
        }
        Set<List<Object>> keys = new LinkedHashSet<>();
        long position = 1;
        while (edges.size() < edgeCount) {
            int inEvent = 1 + random.nextInt(4);
            long at = time();
            for (int k = 0; k < inEvent; k++) {
                String f = pick();
                String t = random.nextInt(30) == 0 ? f : pick();
                addEdge(keys, f, t, STORED[random.nextInt(STORED.length)], at, position);
            }
            position += 1 + random.nextInt(3);
        }
        hub = ids.get(0);
        for (int k = 0; k < Math.min(300, ids.size()); k++) {
            addEdge(keys, hub, pick(), EdgeType.CONSUMED, time(), position++);
            addEdge(keys, pick(), hub, EdgeType.PRODUCED, time(), position++);
        }
        // a chain of 60 fresh nodes, hanging off a random node
        String prev = pick();
        chainHead = prev;
        for (int k = 0; k < 60; k++) {
            String next = "run:chain-" + seed + "-" + k;
            ids.add(next);
            nodes.add(new NodeRow(next, NodeKind.RUN, "c" + k, "{}", T0 + k));
            addEdge(keys, prev, next, EdgeType.PART_OF, T0 + k, position++);
            prev = next;
        }
        chainTail = prev;
    }

    private void addEdge(Set<List<Object>> keys, String f, String t, EdgeType type, long at, long position) {
        if (keys.add(List.of(f, t, type))) {
            edges.add(new EdgeRow(f, t, type, at, position));
        }
    }

    String pick() {
        return ids.get(random.nextInt(ids.size()));
    }

    /** Times in a narrow window with ties, so cut-offs fall between and on recorded times. */
    private long time() {
        return T0 + random.nextInt(50) * 1_000_000L + (random.nextBoolean() ? 0 : random.nextInt(1000));
    }

    private String randomId() {
        String name = switch (random.nextInt(5)) {
            case 0 -> "A" + random.nextInt(50);
            case 1 -> "a" + random.nextInt(50);
            case 2 -> "a-" + random.nextInt(50);
            case 3 -> "a_" + random.nextInt(50);
            default -> "a." + random.nextInt(50);
        };
        return switch (random.nextInt(4)) {
            case 0 -> "run:" + name;
            case 1 -> "dataset:" + name + "@v" + random.nextInt(3);
            case 2 -> "model:" + name + "@" + random.nextInt(3);
            default -> "sha256:" + String.format("%064x", random.nextLong() & 0xffff);
        };
    }

    private static NodeKind kindOf(String id) {
        if (id.startsWith("run:")) {
            return NodeKind.RUN;
        }
        if (id.startsWith("dataset:")) {
            return NodeKind.DATASET_VERSION;
        }
        if (id.startsWith("model:")) {
            return NodeKind.MODEL_VERSION;
        }
        return NodeKind.ARTIFACT;
    }

    private String attrs() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int k = random.nextInt(3); k > 0; k--) {
            m.put("k" + random.nextInt(5), "v" + random.nextInt(1000));
        }
        return dev.provenant.lineage.readmodel.Json.write(m);
    }

    LineageQuery randomQuery() {
        String root = switch (random.nextInt(10)) {
            case 0 -> hub;
            case 1 -> random.nextBoolean() ? chainHead : chainTail;
            case 2 -> "run:never-recorded";
            default -> pick();
        };
        Direction direction = Direction.values()[random.nextInt(3)];
        int depth = root.equals(chainHead) || root.equals(chainTail) ? 40 + random.nextInt(30) : random.nextInt(9);
        int limit = new int[] {1, 2, 5, 20, 100, 500, 10_000}[random.nextInt(7)];
        Instant asOf = null;
        if (random.nextInt(3) == 0) {
            long micros = T0 + random.nextInt(52) * 1_000_000L + random.nextInt(1000);
            asOf = LineageIndex.instant(micros).plusNanos(random.nextInt(1000));
        }
        return new LineageQuery(NodeId.parse(root), direction, depth, asOf, limit, random.nextBoolean());
    }
}
