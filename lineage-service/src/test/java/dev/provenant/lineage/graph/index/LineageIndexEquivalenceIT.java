package dev.provenant.lineage.graph.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.lineage.graph.index.LineageIndex.EdgeRow;
import dev.provenant.lineage.graph.index.LineageIndex.NodeRow;
import dev.provenant.lineage.graph.projection.LineageQueries;
import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.EdgeType;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.lineage.NodeKind;
import dev.provenant.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The in-memory engine, fed from real PostgreSQL tables through its transaction-id feed, answers
 * exactly what the SQL reference traversal answers on the same tables: random graphs with cycles,
 * hubs, long chains, artifacts with several producers (one origin, the rest confirmations, with
 * and without including them) and as-of cut-offs, rows written in several transactions, a transaction that
 * commits late, and a reset.
 */
class LineageIndexEquivalenceIT {

    private PGSimpleDataSource ds;
    private LineageQueries reference;
    private LineageIndexFeed feed;

    @BeforeEach
    void setUp() {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        ds = new PGSimpleDataSource();
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.username());
        ds.setPassword(db.password());
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        reference = new LineageQueries(new JdbcTemplate(ds));
        feed = new LineageIndexFeed(ds, new LineageIndex());
    }

    @AfterEach
    void tearDown() {
        feed.reset();
    }

    @Test
    void givenRandomGraphsWrittenInSeveralTransactions_whenQueried_thenIndexEqualsSqlTraversal() throws SQLException {
        int compared = 0;
        int truncated = 0;
        int nonEmpty = 0;
        int confirmed = 0;
        for (long seed = 1; seed <= 5; seed++) {
            RandomLineage g = new RandomLineage(seed * 1000, 60 + (int) seed * 10, 200 + (int) seed * 30);
            try (Connection c = ds.getConnection()) {
                int half = g.edges.size() / 2;
                insert(c, g.nodes.subList(0, g.nodes.size() / 2), g.edges.subList(0, half));
                feed.refresh(); // the first load
                insert(c, g.nodes.subList(g.nodes.size() / 2, g.nodes.size()), g.edges.subList(half, g.edges.size()));
            }
            feed.refresh(); // an incremental catch-up
            assertThat(feed.index().edgeCount()).isEqualTo(g.edges.size());
            for (int i = 0; i < 120; i++) {
                LineageQuery q = g.randomQuery();
                LineageGraph expected = reference.traverseSql(q);
                assertThat(feed.index().query(q))
                        .as("seed %d query %s", seed, q)
                        .isEqualTo(expected);
                compared++;
                truncated += expected.truncated() ? 1 : 0;
                nonEmpty += expected.nodes().size() > 1 ? 1 : 0;
                confirmed += expected.confirmations().isEmpty() ? 0 : 1;
            }
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("TRUNCATE lineage_nodes, lineage_edges");
            }
            feed.reset();
        }
        assertThat(compared).isEqualTo(600);
        assertThat(truncated).as("the node cap was exercised").isGreaterThan(15);
        assertThat(nonEmpty).as("traversals went somewhere").isGreaterThan(250);
        assertThat(confirmed).as("origins and confirmations were exercised").isGreaterThan(30);
    }

    @Test
    void givenATransactionThatCommitsAfterALaterOne_whenRefreshing_thenItsRowsAppearOnceCommittedAndNoneIsLost()
            throws SQLException {
        long t = RandomLineage.T0;
        try (Connection c = ds.getConnection()) {
            insert(c, List.of(node("run:a", t), node("run:b", t), node("run:c", t)), List.of());
        }
        feed.refresh();
        try (Connection slow = ds.getConnection();
                Connection fast = ds.getConnection()) {
            slow.setAutoCommit(false);
            insertRows(slow, List.of(), List.of(edge("run:a", "run:b", t, 10)));
            // `slow` has its transaction id now; `fast` gets a later one and commits first
            insert(fast, List.of(), List.of(edge("run:b", "run:c", t, 11)));
            feed.refresh();
            assertThat(ids(downstream("run:b"))).containsExactly("run:b", "run:c");
            assertThat(ids(downstream("run:a"))).containsExactly("run:a");

            slow.commit();
        }
        feed.refresh();
        assertThat(ids(downstream("run:a"))).containsExactly("run:a", "run:b", "run:c");
        assertThat(downstream("run:a")).isEqualTo(reference.traverseSql(query("run:a")));
    }

    @Test
    void givenTruncatedTables_whenReset_thenTheIndexRebuildsFromWhatIsThere() throws SQLException {
        long t = RandomLineage.T0;
        try (Connection c = ds.getConnection()) {
            insert(c, List.of(node("run:a", t), node("run:b", t)), List.of(edge("run:a", "run:b", t, 1)));
        }
        feed.refresh();
        assertThat(ids(downstream("run:a"))).containsExactly("run:a", "run:b");

        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("TRUNCATE lineage_nodes, lineage_edges");
        }
        feed.reset();
        try (Connection c = ds.getConnection()) {
            insert(c, List.of(node("run:a", t), node("run:z", t)), List.of(edge("run:a", "run:z", t, 2)));
        }
        feed.refresh();

        assertThat(ids(downstream("run:a"))).containsExactly("run:a", "run:z");
        assertThat(feed.index().nodeCount()).isEqualTo(2);
    }

    private LineageGraph downstream(String node) {
        return feed.index().query(query(node));
    }

    private static LineageQuery query(String node) {
        return new LineageQuery(NodeId.parse(node), Direction.DOWNSTREAM, 5, null, 100);
    }

    private static List<String> ids(LineageGraph g) {
        return g.nodes().stream().map(n -> n.id().value()).toList();
    }

    private static NodeRow node(String id, long at) {
        return new NodeRow(id, NodeKind.RUN, id, "{}", at);
    }

    private static EdgeRow edge(String from, String to, long at, long position) {
        return new EdgeRow(from, to, EdgeType.PART_OF, at, position);
    }

    private static void insert(Connection c, List<NodeRow> nodes, List<EdgeRow> edges) throws SQLException {
        c.setAutoCommit(false);
        insertRows(c, nodes, edges);
        c.commit();
        c.setAutoCommit(true);
    }

    private static void insertRows(Connection c, List<NodeRow> nodes, List<EdgeRow> edges) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineage_nodes (id, kind, label, attributes,"
                + " recorded_at, event_position) VALUES (?,?,?,?::jsonb,?,0)")) {
            for (NodeRow n : nodes) {
                ps.setString(1, n.id());
                ps.setString(2, n.kind().name());
                ps.setString(3, n.label());
                ps.setString(4, n.attributesJson());
                ps.setObject(5, at(n.recordedAtMicros()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lineage_edges (from_id, to_id, type,"
                + " recorded_at, event_position) VALUES (?,?,?,?,?)")) {
            for (EdgeRow e : edges) {
                ps.setString(1, e.from());
                ps.setString(2, e.to());
                ps.setString(3, e.type().name());
                ps.setObject(4, at(e.recordedAtMicros()));
                ps.setLong(5, e.position());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static OffsetDateTime at(long micros) {
        return OffsetDateTime.ofInstant(LineageIndex.instant(micros), ZoneOffset.UTC);
    }
}
