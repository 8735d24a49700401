package dev.provenant.lineage.lineage.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.lineage.lineage.index.LineageIndex.EdgeRow;
import dev.provenant.lineage.lineage.index.LineageIndex.NodeRow;
import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.EdgeType;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-memory engine against a transcription of the SQL traversal, on random graphs. */
class LineageIndexTest {

    @Test
    void givenRandomGraphs_whenQueried_thenTheIndexAnswersExactlyLikeTheReference() {
        int compared = 0;
        int truncated = 0;
        for (long seed = 1; seed <= 30; seed++) {
            RandomLineage g = new RandomLineage(seed, 40 + (int) seed * 7, 120 + (int) seed * 20);
            LineageIndex index = new LineageIndex();
            index.apply(g.nodes, g.edges, false);
            ReferenceTraversal reference = new ReferenceTraversal(g.nodes, g.edges);
            for (int i = 0; i < 200; i++) {
                LineageQuery q = g.randomQuery();
                LineageGraph expected = reference.query(q);
                assertThat(index.query(q)).as("seed %d query %s", seed, q).isEqualTo(expected);
                compared++;
                truncated += expected.truncated() ? 1 : 0;
            }
        }
        assertThat(compared).isEqualTo(6000);
        assertThat(truncated).as("the node cap was exercised").isGreaterThan(100);
    }

    @Test
    void givenRowsInAnyOrderAndRepeated_whenApplied_thenTheAnswersDoNotChange() {
        RandomLineage g = new RandomLineage(99, 80, 300);
        LineageIndex inOrder = new LineageIndex();
        inOrder.apply(g.nodes, g.edges, false);

        List<NodeRow> nodes = new ArrayList<>(g.nodes);
        List<EdgeRow> edges = new ArrayList<>(g.edges);
        Collections.shuffle(nodes, new Random(1));
        Collections.shuffle(edges, new Random(2));
        LineageIndex shuffled = new LineageIndex();
        // edges before their nodes, in three overlapping batches (a redelivered transaction)
        shuffled.apply(List.of(), edges.subList(0, 200), true);
        shuffled.apply(nodes.subList(0, 40), edges.subList(100, edges.size()), true);
        shuffled.apply(nodes, edges, true);

        assertThat(shuffled.edgeCount()).isEqualTo(g.edges.size());
        assertThat(shuffled.nodeCount()).isEqualTo(g.nodes.size());
        for (int i = 0; i < 500; i++) {
            LineageQuery q = g.randomQuery();
            assertThat(shuffled.query(q)).as("query %s", q).isEqualTo(inOrder.query(q));
        }
    }

    @Test
    void givenAHubWithTenThousandConsumers_whenCapped_thenTruncatedWithTheFirstRecorded() {
        LineageIndex index = new LineageIndex();
        List<NodeRow> nodes = new ArrayList<>();
        List<EdgeRow> edges = new ArrayList<>();
        long t = RandomLineage.T0;
        nodes.add(new NodeRow("dataset:hub@v1", NodeKind.DATASET_VERSION, "hub", "{}", t));
        for (int i = 0; i < 10_000; i++) {
            nodes.add(new NodeRow("run:r" + i, NodeKind.RUN, "r", "{}", t + i));
            edges.add(new EdgeRow("dataset:hub@v1", "run:r" + i, EdgeType.CONSUMED, t + i, 10_000 - i));
        }
        index.apply(nodes, edges, false);

        LineageGraph g = index.query(new LineageQuery("dataset:hub@v1", Direction.DOWNSTREAM, 3, null, 100));

        assertThat(g.truncated()).isTrue();
        assertThat(g.nodes()).hasSize(100);
        // lowest event positions first: r9999 has position 1
        assertThat(g.nodes().get(1).id()).isEqualTo("run:r9999");
        assertThat(g.edges()).hasSize(99);

        LineageGraph asOf = index.query(
                new LineageQuery("dataset:hub@v1", Direction.DOWNSTREAM, 3, LineageIndex.instant(t + 49), 10_000));
        assertThat(asOf.truncated()).isFalse();
        assertThat(asOf.nodes()).hasSize(51);
    }

    @Test
    void givenAsOfWithNanoseconds_whenConverted_thenRoundedHalfUpToMicrosecondsLikeTheJdbcDriver() {
        Instant t = Instant.parse("2026-01-01T00:00:00.000001499Z");
        assertThat(LineageIndex.micros(t) % 1_000_000).isEqualTo(1);
        assertThat(LineageIndex.micros(t.plusNanos(1)) % 1_000_000).isEqualTo(2);
        assertThat(LineageIndex.micros(Instant.parse("2026-01-01T00:00:00.999999500Z")) % 1_000_000)
                .isZero();
    }

    @Test
    void givenJsonbTexts_whenReadByTheFastPath_thenSameMapAsJacksonOrDeferredToIt() {
        String[] ok = {"{}", "{\"a\": \"b\"}", "{\"a\":\"b\",\"cc\":\"\"}", "{\"k1\": \"v}\", \"k2\": \"x, y: z\"}"};
        for (String json : ok) {
            assertThat(LineageIndex.flatStringMap(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .as(json)
                    .isEqualTo(dev.provenant.lineage.lineage.projection.Json.read(
                            json,
                            new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() {}));
        }
        String[] deferred = {"{\"a\": \"b\\\"c\"}", "{\"a\": \"é\"}", "{\"a\": 1}", "{\"a\": {\"b\": \"c\"}}", "[]"};
        for (String json : deferred) {
            assertThat(LineageIndex.flatStringMap(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .as(json)
                    .isNull();
        }
    }
}
