package dev.provenant.lineage.graph.index;

import dev.provenant.lineage.graph.index.LineageIndex.EdgeRow;
import dev.provenant.lineage.graph.index.LineageIndex.NodeRow;
import dev.provenant.messages.lineage.EdgeType;
import dev.provenant.messages.lineage.NodeKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Feeds a {@link LineageIndex} from the committed rows of {@code lineage_nodes} and {@code
 * lineage_edges}, by transaction id: every row carries {@code tx = pg_current_xact_id()} of the
 * transaction that wrote it (V6). Each refresh reads, in one statement, the rows of every
 * transaction the previous refresh could not see yet (those still running then: its snapshot's
 * {@code xip} list, and every id from its {@code xmax} on) together with the statement's own
 * snapshot, which becomes the next horizon. So only committed rows reach the index, none is missed
 * however late its transaction commits, and it works the same for rows written by this instance's
 * projection and by another instance's.
 *
 * <p>A row seen twice (its transaction was running at one snapshot and visible in the same
 * statement, or refreshes raced) is applied once: the index is idempotent.
 */
public final class LineageIndexFeed {

    /** What the previous refresh saw: every transaction below {@code xmax} and not in {@code xip} is final. */
    record Horizon(long xmax, long[] xip) {
        static final Horizon START = new Horizon(0, new long[0]);

        static Horizon parse(String snapshot) {
            String[] parts = snapshot.split(":", -1);
            long[] xip = parts.length < 3 || parts[2].isEmpty()
                    ? new long[0]
                    : Arrays.stream(parts[2].split(","))
                            .mapToLong(Long::parseLong)
                            .toArray();
            return new Horizon(Long.parseLong(parts[1]), xip);
        }

        String xipArray() {
            return Arrays.stream(xip).mapToObj(Long::toString).collect(Collectors.joining(",", "{", "}"));
        }
    }

    private static final String SQL = "SELECT 0, pg_current_snapshot()::text, NULL, NULL, NULL, NULL::timestamptz,"
            + " NULL::bigint"
            + " UNION ALL SELECT 1, id, kind, label, attributes::text, recorded_at, event_position FROM lineage_nodes"
            + " WHERE tx >= ?::xid8 OR tx = ANY(?::xid8[])"
            + " UNION ALL SELECT 2, from_id, to_id, type, NULL, recorded_at, event_position FROM lineage_edges"
            + " WHERE tx >= ?::xid8 OR tx = ANY(?::xid8[])";

    private static final int CHUNK = 50_000;

    private final DataSource dataSource;
    private final LineageIndex index;
    private final AtomicLong epoch = new AtomicLong();
    private final Object loadLock = new Object();
    private volatile Horizon horizon = Horizon.START;

    public LineageIndexFeed(DataSource dataSource, LineageIndex index) {
        this.dataSource = dataSource;
        this.index = index;
    }

    public LineageIndex index() {
        return index;
    }

    /**
     * Empties the index and starts over from the first row: after the projection's tables were
     * truncated (call it once that truncation committed). A refresh running meanwhile discards
     * what it read.
     */
    public synchronized void reset() {
        epoch.incrementAndGet();
        index.clear();
        horizon = Horizon.START;
    }

    /**
     * Applies every row committed since the last refresh. Returns how many rows were read. The
     * first refresh loads the whole graph, in chunks.
     */
    public int refresh() {
        if (horizon.xmax() == 0) {
            // one full load at a time: its chunks are applied without duplicate checks
            synchronized (loadLock) {
                return refreshFromHorizon();
            }
        }
        return refreshFromHorizon();
    }

    /** True once the first full load has completed (and no reset happened since). */
    public boolean loaded() {
        return horizon.xmax() != 0;
    }

    private int refreshFromHorizon() {
        long startEpoch = epoch.get();
        Horizon from = horizon;
        boolean initial = from.xmax() == 0;
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // a cursor: the first load streams instead of buffering
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setFetchSize(10_000);
                String xmax = Long.toString(from.xmax());
                String xip = from.xipArray();
                ps.setString(1, xmax);
                ps.setString(2, xip);
                ps.setString(3, xmax);
                ps.setString(4, xip);
                Horizon seen = null;
                int rows = 0;
                List<NodeRow> nodes = new ArrayList<>();
                List<EdgeRow> edges = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        switch (rs.getInt(1)) {
                            case 0 -> seen = Horizon.parse(rs.getString(2));
                            case 1 ->
                                nodes.add(new NodeRow(
                                        rs.getString(2),
                                        NodeKind.valueOf(rs.getString(3)),
                                        rs.getString(4),
                                        rs.getString(5),
                                        micros(rs.getObject(6, OffsetDateTime.class))));
                            default ->
                                edges.add(new EdgeRow(
                                        rs.getString(2),
                                        rs.getString(3),
                                        EdgeType.valueOf(rs.getString(4)),
                                        micros(rs.getObject(6, OffsetDateTime.class)),
                                        rs.getLong(7)));
                        }
                        rows++;
                        // the first load goes in chunks (nobody queries a loading index); later
                        // refreshes apply all at once so a query never sees half a transaction
                        if (initial && nodes.size() + edges.size() >= CHUNK) {
                            if (!applyIfCurrent(startEpoch, nodes, edges, false)) {
                                return rows;
                            }
                            nodes.clear();
                            edges.clear();
                        }
                    }
                }
                c.commit();
                if (seen == null) {
                    throw new IllegalStateException("no snapshot row in the lineage index refresh");
                }
                if (applyIfCurrent(startEpoch, nodes, edges, !initial)) {
                    synchronized (this) {
                        if (epoch.get() == startEpoch) {
                            horizon = seen;
                        }
                    }
                }
                return rows;
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot refresh the lineage index: " + e.getMessage(), e);
        }
    }

    private boolean applyIfCurrent(long startEpoch, List<NodeRow> nodes, List<EdgeRow> edges, boolean mayRepeat) {
        synchronized (this) {
            if (epoch.get() != startEpoch) {
                return false;
            }
            if (!nodes.isEmpty() || !edges.isEmpty()) {
                // the first load may still repeat a row if its transaction was in flight at the
                // start; dedupe always except for chunks of the very first load
                index.apply(nodes, edges, mayRepeat);
            }
            return true;
        }
    }

    private static long micros(OffsetDateTime t) {
        return LineageIndex.micros(t.toInstant());
    }
}
