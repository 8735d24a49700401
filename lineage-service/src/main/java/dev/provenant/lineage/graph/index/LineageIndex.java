package dev.provenant.lineage.graph.index;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.provenant.lineage.readmodel.Json;
import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.EdgeType;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.lineage.NodeKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The lineage graph in memory, for traversals that never touch the database: node ids interned to
 * ints, edges in parallel primitive arrays with singly linked forward and reverse adjacency lists
 * (a head per node, a "next" per edge), each edge with its recorded-at time (microseconds, the
 * precision of PostgreSQL's {@code timestamptz}) and event position.
 *
 * <p>It answers a {@link LineageQuery} exactly as the SQL traversal of {@code LineageQueries}
 * does: same nodes, same distances, same edges, same order, same {@code truncated} flag. Within a
 * level, edges are processed in (event position, from id, to id, type) order, upstream edges before
 * downstream ones for {@link Direction#BOTH}, so a node cap cuts the traversal at the same place.
 *
 * <p>Origins and confirmations are decided per query from the stored edges: the origin of a node
 * is its visible PRODUCED edge with the lowest (event position, from id); any other visible
 * PRODUCED edge into it is a confirmation, skipped unless the query includes confirmations, and
 * then returned as {@code REPRODUCED} with its far end as a leaf (not expanded, unless an ordinary
 * edge reaches it on the same level). Deciding at query time keeps the tables insert-only, makes
 * "as of" exact (the origin as of T is the first producer recorded by T), and does not depend on
 * the order in which a projection happened to see the events.
 *
 * <p>Only ever grows (the read model is append-only), except {@link #clear()} on a projection
 * reset. Writers take a write lock; traversals a read lock. Rows may arrive in any order: an edge
 * may name a node whose row comes later (the node then exists only as an id until its row arrives,
 * exactly like an edge without a node row in SQL).
 *
 * <p>{@code index.query(new LineageQuery("model:churn@7", Direction.UPSTREAM, 10, null, 500))}
 */
public final class LineageIndex {

    private static final byte NO_ROW = -1;
    private static final int NONE = -1;
    private static final NodeKind[] KINDS = NodeKind.values();
    private static final EdgeType[] TYPES = EdgeType.values();
    private static final byte PRODUCED = (byte) EdgeType.PRODUCED.ordinal();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final IdTable ids = new IdTable();

    // per node (index = interned id)
    private byte[] kind = new byte[0];
    private long[] nodeAt = new long[0];
    private String[] label = new String[0];
    private byte[][] attributes = new byte[0][];
    private int[] outHead = new int[0];
    private int[] inHead = new int[0];
    private int nodeRows;

    // per edge
    private int[] from = new int[0];
    private int[] to = new int[0];
    private int[] nextOut = new int[0];
    private int[] nextIn = new int[0];
    private byte[] type = new byte[0];
    private long[] edgeAt = new long[0];
    private long[] position = new long[0];
    private int edges;

    /** Number of node rows (ids only named by an edge are not counted). */
    public int nodeCount() {
        lock.readLock().lock();
        try {
            return nodeRows;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Number of edges. */
    public int edgeCount() {
        lock.readLock().lock();
        try {
            return edges;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Forgets everything (projection reset). */
    public void clear() {
        lock.writeLock().lock();
        try {
            ids.clear();
            kind = new byte[0];
            nodeAt = new long[0];
            label = new String[0];
            attributes = new byte[0][];
            outHead = new int[0];
            inHead = new int[0];
            nodeRows = 0;
            from = new int[0];
            to = new int[0];
            nextOut = new int[0];
            nextIn = new int[0];
            type = new byte[0];
            edgeAt = new long[0];
            position = new long[0];
            edges = 0;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Applies a batch of read-model rows under one write lock (idempotent). */
    public void apply(List<NodeRow> nodeRows, List<EdgeRow> edgeRows, boolean mayRepeat) {
        lock.writeLock().lock();
        try {
            for (NodeRow n : nodeRows) {
                putNode(n);
            }
            for (EdgeRow e : edgeRows) {
                putEdge(e, mayRepeat);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A row of {@code lineage_nodes}. */
    public record NodeRow(String id, NodeKind kind, String label, String attributesJson, long recordedAtMicros) {}

    /** A row of {@code lineage_edges}. */
    public record EdgeRow(String from, String to, EdgeType type, long recordedAtMicros, long position) {}

    private int intern(String id) {
        int n = ids.size();
        int i = ids.putIfAbsent(id);
        if (i == n) {
            ensureNodeCapacity(n + 1);
            kind[i] = NO_ROW;
            outHead[i] = NONE;
            inHead[i] = NONE;
        }
        return i;
    }

    private void putNode(NodeRow n) {
        int i = intern(n.id());
        if (kind[i] != NO_ROW) {
            return; // ON CONFLICT (id) DO NOTHING: the first row stays
        }
        kind[i] = (byte) n.kind().ordinal();
        nodeAt[i] = n.recordedAtMicros();
        label[i] = n.label();
        attributes[i] = n.attributesJson() == null || n.attributesJson().equals("{}")
                ? null
                : n.attributesJson().getBytes(StandardCharsets.UTF_8);
        nodeRows++;
    }

    private void putEdge(EdgeRow e, boolean mayRepeat) {
        int f = intern(e.from());
        int t = intern(e.to());
        byte ty = (byte) e.type().ordinal();
        if (mayRepeat && hasEdge(f, t, ty)) {
            return;
        }
        int x = edges;
        ensureEdgeCapacity(x + 1);
        from[x] = f;
        to[x] = t;
        type[x] = ty;
        edgeAt[x] = e.recordedAtMicros();
        position[x] = e.position();
        nextOut[x] = outHead[f];
        outHead[f] = x;
        nextIn[x] = inHead[t];
        inHead[t] = x;
        edges++;
    }

    /** Scans the shorter of the two adjacency lists (a hub has a long one, its neighbour a short one). */
    private boolean hasEdge(int f, int t, byte ty) {
        int a = outHead[f];
        int b = inHead[t];
        while (a != NONE && b != NONE) {
            if (to[a] == t && type[a] == ty) {
                return true;
            }
            if (from[b] == f && type[b] == ty) {
                return true;
            }
            a = nextOut[a];
            b = nextIn[b];
        }
        return false;
    }

    private void ensureNodeCapacity(int n) {
        if (n <= kind.length) {
            return;
        }
        int cap = Math.max(16, Math.max(n, kind.length + (kind.length >> 1)));
        kind = Arrays.copyOf(kind, cap);
        nodeAt = Arrays.copyOf(nodeAt, cap);
        label = Arrays.copyOf(label, cap);
        attributes = Arrays.copyOf(attributes, cap);
        outHead = Arrays.copyOf(outHead, cap);
        inHead = Arrays.copyOf(inHead, cap);
    }

    private void ensureEdgeCapacity(int n) {
        if (n <= from.length) {
            return;
        }
        int cap = Math.max(16, Math.max(n, from.length + (from.length >> 1)));
        from = Arrays.copyOf(from, cap);
        to = Arrays.copyOf(to, cap);
        nextOut = Arrays.copyOf(nextOut, cap);
        nextIn = Arrays.copyOf(nextIn, cap);
        type = Arrays.copyOf(type, cap);
        edgeAt = Arrays.copyOf(edgeAt, cap);
        position = Arrays.copyOf(position, cap);
    }

    /**
     * The instant as PostgreSQL sees a {@code java.sql.Timestamp} parameter: the JDBC driver
     * rounds nanoseconds half-up to microseconds.
     */
    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), (t.getNano() + 500) / 1000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** Answers a lineage query from memory. */
    public LineageGraph query(LineageQuery q) {
        long asOf = q.asOf() == null ? Long.MAX_VALUE : micros(q.asOf());
        lock.readLock().lock();
        try {
            int root = ids.find(q.node().value());
            if (root < 0 || kind[root] == NO_ROW || nodeAt[root] > asOf) {
                return new LineageGraph(q.node(), List.of(), List.of(), false);
            }
            Walk walk = new Walk(q, asOf, root);
            for (int level = 1; level <= q.depth() && walk.frontier.size > 0 && !walk.truncated; level++) {
                walk.level(level);
            }
            return walk.graph();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * One query's breadth-first walk from its root, level by level, on the thread's scratch arrays
     * (under the read lock): the nodes in the order reached, with their distance, and the edges
     * followed; confirmations (a run reproducing an artifact) are shown as leaves, not traversed.
     */
    private final class Walk {
        private final LineageQuery q;
        private final long asOf;
        private final boolean up;
        private final boolean down;
        private final boolean both;
        private final boolean withConfirmations;
        private final Scratch s;
        private final int stamp;
        private final int edgeStamp;
        private final IntList order;
        private final IntList found;
        private IntList frontier;
        private IntList next;
        private boolean truncated;

        Walk(LineageQuery q, long asOf, int root) {
            this.q = q;
            this.asOf = asOf;
            up = q.direction() == Direction.UPSTREAM || q.direction() == Direction.BOTH;
            down = q.direction() == Direction.DOWNSTREAM || q.direction() == Direction.BOTH;
            both = up && down;
            withConfirmations = q.includeConfirmations();
            s = SCRATCH.get();
            stamp = s.beginNodes(ids.size());
            edgeStamp = both ? s.beginEdges(edges) : 0;
            order = s.order.reset();
            found = s.found.reset();
            frontier = s.frontier.reset();
            next = s.next.reset();
            s.seen[root] = stamp;
            s.dist[root] = 0;
            order.add(root);
            frontier.add(root);
        }

        /** Follows the frontier's edges (upstream first, then downstream) to the nodes at {@code level}. */
        void level(int level) {
            next.reset();
            if (up) {
                follow(level, true);
            }
            if (down) {
                follow(level, false);
            }
            IntList swap = frontier;
            frontier = next;
            next = swap;
        }

        private void follow(int level, boolean upstream) {
            IntList cand = s.candidates.reset();
            for (int i = 0; i < frontier.size; i++) {
                int v = frontier.items[i];
                for (int e = upstream ? inHead[v] : outHead[v]; e != NONE; e = upstream ? nextIn[e] : nextOut[e]) {
                    if (edgeAt[e] <= asOf && (withConfirmations || !confirmation(e, asOf, s, stamp))) {
                        cand.add(e);
                    }
                }
            }
            sortLevel(cand, s);
            for (int i = 0; i < cand.size; i++) {
                visit(cand.items[i], level);
            }
        }

        /** Takes edge {@code e} and the node it reaches; past the limit, neither (and the walk is truncated). */
        private void visit(int e, int level) {
            int[] seen = s.seen;
            int[] dist = s.dist;
            int[] leaf = s.leaf;
            boolean viaConfirmation = withConfirmations && confirmation(e, asOf, s, stamp);
            int other = seen[from[e]] == stamp ? to[e] : from[e];
            if (seen[other] != stamp) {
                if (order.size >= q.limit()) {
                    truncated = true;
                    return;
                }
                seen[other] = stamp;
                dist[other] = level;
                order.add(other);
                if (viaConfirmation) {
                    leaf[other] = stamp; // a confirmation is shown, not traversed
                } else {
                    next.add(other);
                }
            } else if (!viaConfirmation && leaf[other] == stamp && dist[other] == level) {
                leaf[other] = 0; // also reached by an ordinary edge on its own level
                next.add(other);
            }
            if (both) {
                if (s.edgeSeen[e] == edgeStamp) {
                    return;
                }
                s.edgeSeen[e] = edgeStamp;
            }
            found.add(e);
        }

        /** The graph walked: nodes visible as of the query's instant, edges, and confirmations. */
        LineageGraph graph() {
            List<LineageGraph.Node> nodes = new ArrayList<>(order.size);
            for (int i = 0; i < order.size; i++) {
                int v = order.items[i];
                if (kind[v] != NO_ROW && nodeAt[v] <= asOf) {
                    nodes.add(new LineageGraph.Node(
                            ids.node(v), KINDS[kind[v]], label[v], s.dist[v], attributesOf(v), instant(nodeAt[v])));
                }
            }
            List<LineageGraph.Edge> out = new ArrayList<>(found.size);
            List<LineageGraph.Confirmation> confirmations = new ArrayList<>();
            for (int i = 0; i < found.size; i++) {
                int e = found.items[i];
                boolean c = withConfirmations && confirmation(e, asOf, s, stamp);
                out.add(new LineageGraph.Edge(
                        ids.node(from[e]),
                        ids.node(to[e]),
                        c ? EdgeType.REPRODUCED : TYPES[type[e]],
                        instant(edgeAt[e])));
                if (c) {
                    confirmations.add(new LineageGraph.Confirmation(
                            ids.node(from[e]),
                            ids.node(to[e]),
                            ids.node(from[origin(to[e], asOf, s, stamp)]),
                            instant(edgeAt[e])));
                }
            }
            return new LineageGraph(q.node(), nodes, out, truncated, confirmations);
        }
    }

    /**
     * True if edge {@code e} (visible as of {@code asOf}) is a PRODUCED edge of a run other than
     * its artifact's origin.
     */
    private boolean confirmation(int e, long asOf, Scratch s, int stamp) {
        return type[e] == PRODUCED && origin(to[e], asOf, s, stamp) != e;
    }

    /**
     * The origin edge of node {@code t} as of {@code asOf}: its PRODUCED edge with the lowest
     * (event position, from id); {@link #NONE} if it has none. Memoized per query.
     */
    private int origin(int t, long asOf, Scratch s, int stamp) {
        if (s.originStamp[t] == stamp) {
            return s.originEdge[t];
        }
        int best = NONE;
        for (int e = inHead[t]; e != NONE; e = nextIn[e]) {
            if (type[e] == PRODUCED
                    && edgeAt[e] <= asOf
                    && (best == NONE
                            || position[e] < position[best]
                            || position[e] == position[best]
                                    && compareCodePoints(ids.key(from[e]), ids.key(from[best])) < 0)) {
                best = e;
            }
        }
        s.originStamp[t] = stamp;
        s.originEdge[t] = best;
        return best;
    }

    private Map<String, String> attributesOf(int v) {
        byte[] json = attributes[v];
        if (json == null) {
            return Map.of();
        }
        Map<String, String> flat = flatStringMap(json);
        return flat != null ? flat : Json.read(new String(json, StandardCharsets.UTF_8), STRING_MAP);
    }

    /**
     * PostgreSQL prints a JSONB object of strings as {@code {"k": "v", "k2": "v2"}}; reading that
     * by hand is an order of magnitude cheaper than Jackson, and it is done for every returned node.
     * Anything else (escapes, non-ASCII, nesting, numbers) returns null and goes to Jackson.
     */
    static Map<String, String> flatStringMap(byte[] json) {
        int n = json.length;
        if (n < 2 || json[0] != '{' || json[n - 1] != '}') {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        int i = 1;
        while (true) {
            while (i < n - 1 && json[i] == ' ') {
                i++;
            }
            if (i == n - 1) {
                return m;
            }
            int[] span = new int[2];
            if ((i = string(json, i, span)) < 0) {
                return null;
            }
            String key = new String(json, span[0], span[1] - span[0], StandardCharsets.ISO_8859_1);
            i = skipSpaces(json, i);
            if (i >= n || json[i] != ':') {
                return null;
            }
            if ((i = string(json, skipSpaces(json, i + 1), span)) < 0) {
                return null;
            }
            m.put(key, new String(json, span[0], span[1] - span[0], StandardCharsets.ISO_8859_1));
            i = skipSpaces(json, i);
            if (i < n - 1 && json[i] == ',') {
                i++;
            } else if (i != n - 1) {
                return null;
            } else {
                return m;
            }
        }
    }

    private static int skipSpaces(byte[] json, int i) {
        while (i < json.length && json[i] == ' ') {
            i++;
        }
        return i;
    }

    /** A plain ASCII string without escapes at {@code i}; its content span; the index after it, or -1. */
    private static int string(byte[] json, int i, int[] span) {
        if (i >= json.length || json[i] != '"') {
            return -1;
        }
        int start = ++i;
        while (i < json.length && json[i] != '"') {
            if (json[i] == '\\' || json[i] < 0x20) {
                return -1; // escapes and bytes of non-ASCII characters (negative) go to Jackson
            }
            i++;
        }
        if (i >= json.length) {
            return -1;
        }
        span[0] = start;
        span[1] = i;
        return i + 1;
    }

    /**
     * Sorts a level's edges by (position, from, to, type): positions packed with the slot into one
     * long for a primitive sort; only runs of equal positions (edges of one event) compare ids.
     */
    private void sortLevel(IntList cand, Scratch s) {
        int n = cand.size;
        if (n < 2) {
            return;
        }
        int[] es = cand.items;
        boolean packable = n < (1 << 22);
        for (int i = 0; i < n && packable; i++) {
            long p = position[es[i]];
            packable = p >= 0 && p < (1L << 41);
        }
        if (!packable) {
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = es[i];
            }
            Arrays.sort(boxed, (a, b) -> compareEdges(a, b));
            for (int i = 0; i < n; i++) {
                es[i] = boxed[i];
            }
            return;
        }
        long[] keys = s.keys(n);
        for (int i = 0; i < n; i++) {
            keys[i] = (position[es[i]] << 22) | i;
        }
        Arrays.sort(keys, 0, n);
        int[] copy = s.copy(es, n);
        for (int i = 0; i < n; i++) {
            es[i] = copy[(int) (keys[i] & ((1 << 22) - 1))];
        }
        int start = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || position[es[i]] != position[es[start]]) {
                if (i - start > 1) {
                    sortRun(es, start, i);
                }
                start = i;
            }
        }
    }

    private void sortRun(int[] es, int start, int end) {
        // insertion sort: runs are the few edges of one event
        for (int i = start + 1; i < end; i++) {
            int x = es[i];
            int j = i - 1;
            while (j >= start && compareEdges(es[j], x) > 0) {
                es[j + 1] = es[j];
                j--;
            }
            es[j + 1] = x;
        }
    }

    private int compareEdges(int a, int b) {
        int c = Long.compare(position[a], position[b]);
        if (c != 0) {
            return c;
        }
        c = compareCodePoints(ids.key(from[a]), ids.key(from[b]));
        if (c != 0) {
            return c;
        }
        c = compareCodePoints(ids.key(to[a]), ids.key(to[b]));
        if (c != 0) {
            return c;
        }
        return TYPES[type[a]].name().compareTo(TYPES[type[b]].name());
    }

    /**
     * Code-point order, which is UTF-8 byte order, which is PostgreSQL's {@code COLLATE "C"}.
     *
     * <p>Called for every pair of same-event edges a level sorts (a run's 4-8 inputs and more), so
     * the common case is a plain {@code char} scan: up to the first differing {@code char} both
     * strings hold the same code units, and if neither differing unit is a surrogate, both are
     * whole code points at the same code-point index, so they decide. Only when a surrogate is
     * involved (or one string is a prefix of the other) does the code-point walk below answer.
     */
    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int k = 0;
        while (k < n && a.charAt(k) == b.charAt(k)) {
            k++;
        }
        if (k < n && !Character.isSurrogate(a.charAt(k)) && !Character.isSurrogate(b.charAt(k))) {
            return Integer.compare(a.charAt(k), b.charAt(k));
        }
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Per-thread traversal state, reused across queries: generation stamps instead of clearing. */
    private static final class Scratch {
        int[] seen = new int[0];
        int[] dist = new int[0];
        int[] leaf = new int[0];
        int[] originStamp = new int[0];
        int[] originEdge = new int[0];
        int stamp;
        int[] edgeSeen = new int[0];
        int edgeStamp;
        long[] keys = new long[0];
        int[] copy = new int[0];
        final IntList order = new IntList();
        final IntList found = new IntList();
        final IntList frontier = new IntList();
        final IntList next = new IntList();
        final IntList candidates = new IntList();

        int beginNodes(int n) {
            if (seen.length < n) {
                int cap = Math.max(n, seen.length + (seen.length >> 1));
                seen = Arrays.copyOf(seen, cap);
                dist = new int[cap];
                leaf = Arrays.copyOf(leaf, cap);
                originStamp = Arrays.copyOf(originStamp, cap);
                originEdge = new int[cap];
            }
            if (++stamp == Integer.MAX_VALUE) {
                Arrays.fill(seen, 0);
                Arrays.fill(leaf, 0);
                Arrays.fill(originStamp, 0);
                stamp = 1;
            }
            return stamp;
        }

        int beginEdges(int n) {
            if (edgeSeen.length < n) {
                edgeSeen = Arrays.copyOf(edgeSeen, Math.max(n, edgeSeen.length + (edgeSeen.length >> 1)));
            }
            if (++edgeStamp == Integer.MAX_VALUE) {
                Arrays.fill(edgeSeen, 0);
                edgeStamp = 1;
            }
            return edgeStamp;
        }

        long[] keys(int n) {
            if (keys.length < n) {
                keys = new long[Math.max(n, keys.length * 2)];
            }
            return keys;
        }

        int[] copy(int[] src, int n) {
            if (copy.length < n) {
                copy = new int[Math.max(n, copy.length * 2)];
            }
            System.arraycopy(src, 0, copy, 0, n);
            return copy;
        }
    }

    /** A growable int list without boxing. */
    static final class IntList {
        int[] items = new int[16];
        int size;

        IntList reset() {
            size = 0;
            return this;
        }

        void add(int v) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }
    }

    /**
     * Open-addressing hash table from id to a dense int, ids kept in insertion order, with each
     * id's {@link NodeId} made the first time an answer needs it (under the read lock several
     * answers may make the same one at once; they are equal values, so whichever is kept is right).
     */
    static final class IdTable {
        private int[] slots = new int[1 << 4]; // dense index + 1, 0 = empty
        private String[] keys = new String[16];
        private NodeId[] nodes = new NodeId[16];
        private int size;

        int size() {
            return size;
        }

        String key(int i) {
            return keys[i];
        }

        NodeId node(int i) {
            NodeId n = nodes[i];
            if (n == null) {
                n = new NodeId(keys[i]);
                nodes[i] = n;
            }
            return n;
        }

        void clear() {
            slots = new int[1 << 4];
            keys = new String[16];
            nodes = new NodeId[16];
            size = 0;
        }

        int find(String id) {
            int mask = slots.length - 1;
            for (int h = mix(id.hashCode()) & mask; ; h = (h + 1) & mask) {
                int s = slots[h];
                if (s == 0) {
                    return -1;
                }
                if (keys[s - 1].equals(id)) {
                    return s - 1;
                }
            }
        }

        int putIfAbsent(String id) {
            int mask = slots.length - 1;
            int h = mix(id.hashCode()) & mask;
            for (; ; h = (h + 1) & mask) {
                int s = slots[h];
                if (s == 0) {
                    break;
                }
                if (keys[s - 1].equals(id)) {
                    return s - 1;
                }
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size + (size >> 1));
                nodes = Arrays.copyOf(nodes, keys.length);
            }
            keys[size] = id;
            slots[h] = ++size;
            if (size * 3 > slots.length * 2) { // load factor 2/3
                rehash(slots.length * 2);
            }
            return size - 1;
        }

        private void rehash(int capacity) {
            int[] fresh = new int[capacity];
            int mask = capacity - 1;
            for (int i = 0; i < size; i++) {
                int h = mix(keys[i].hashCode()) & mask;
                while (fresh[h] != 0) {
                    h = (h + 1) & mask;
                }
                fresh[h] = i + 1;
            }
            slots = fresh;
        }

        private static int mix(int h) {
            h *= 0x9E3779B9;
            return h ^ (h >>> 16);
        }
    }
}
