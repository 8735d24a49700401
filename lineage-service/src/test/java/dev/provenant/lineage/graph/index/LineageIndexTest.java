package dev.provenant.lineage.graph.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.provenant.lineage.graph.index.LineageIndex.EdgeRow;
import dev.provenant.lineage.graph.index.LineageIndex.NodeRow;
import dev.provenant.messages.lineage.Direction;
import dev.provenant.messages.lineage.EdgeType;
import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import dev.provenant.messages.lineage.NodeId;
import dev.provenant.messages.lineage.NodeKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
        int confirmed = 0;
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
                confirmed += expected.confirmations().isEmpty() ? 0 : 1;
            }
        }
        assertThat(compared).isEqualTo(6000);
        assertThat(truncated).as("the node cap was exercised").isGreaterThan(100);
        assertThat(confirmed).as("confirmations were exercised").isGreaterThan(300);
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

        LineageGraph g =
                index.query(new LineageQuery(NodeId.parse("dataset:hub@v1"), Direction.DOWNSTREAM, 3, null, 100));

        assertThat(g.truncated()).isTrue();
        assertThat(g.nodes()).hasSize(100);
        // lowest event positions first: r9999 has position 1
        assertThat(g.nodes().get(1).id()).isEqualTo(NodeId.parse("run:r9999"));
        assertThat(g.edges()).hasSize(99);

        LineageGraph asOf = index.query(new LineageQuery(
                NodeId.parse("dataset:hub@v1"), Direction.DOWNSTREAM, 3, LineageIndex.instant(t + 49), 10_000));
        assertThat(asOf.truncated()).isFalse();
        assertThat(asOf.nodes()).hasSize(51);
    }

    /**
     * A model registered from the original run; a cache hit, a replay and a later re-execution
     * produced the same bytes. Upstream of the model is the origin chain only; with confirmations
     * the other producers hang off the artifact as leaves; as of a time they are counted only once
     * recorded; and the first producer as of a time is that time's origin.
     */
    @Test
    void givenOneArtifactProducedByFourRuns_whenQueried_thenOneOriginAndTheRestAreConfirmations() {
        long t = RandomLineage.T0;
        String bytes = "sha256:" + "a".repeat(64);
        String input = "sha256:" + "b".repeat(64);
        List<NodeRow> nodes = new ArrayList<>();
        List<EdgeRow> edges = new ArrayList<>();
        for (String run : List.of("run:orig", "run:hit", "run:replay", "run:later", "run:pipe2")) {
            nodes.add(new NodeRow(run, NodeKind.RUN, run, "{}", t));
        }
        nodes.add(new NodeRow(input, NodeKind.ARTIFACT, "in", "{}", t));
        nodes.add(new NodeRow(bytes, NodeKind.ARTIFACT, "model.bin", "{}", t + 1));
        nodes.add(new NodeRow("model:m@1", NodeKind.MODEL_VERSION, "m@1", "{}", t + 2));
        edges.add(new EdgeRow(input, "run:orig", EdgeType.CONSUMED, t, 1));
        edges.add(new EdgeRow("run:orig", bytes, EdgeType.PRODUCED, t + 1, 2));
        edges.add(new EdgeRow("run:orig", "model:m@1", EdgeType.REGISTERED_FROM, t + 2, 3));
        edges.add(new EdgeRow(bytes, "model:m@1", EdgeType.REGISTERED_FROM, t + 2, 3));
        edges.add(new EdgeRow(input, "run:hit", EdgeType.CONSUMED, t + 3, 4));
        edges.add(new EdgeRow("run:pipe2", "run:hit", EdgeType.PART_OF, t + 3, 4));
        edges.add(new EdgeRow("run:orig", "run:hit", EdgeType.CACHE_HIT_OF, t + 4, 5));
        edges.add(new EdgeRow("run:hit", bytes, EdgeType.PRODUCED, t + 5, 6));
        edges.add(new EdgeRow(input, "run:replay", EdgeType.CONSUMED, t + 6, 7));
        edges.add(new EdgeRow("run:orig", "run:replay", EdgeType.REPLAY_OF, t + 6, 7));
        edges.add(new EdgeRow("run:replay", bytes, EdgeType.PRODUCED, t + 7, 8));
        edges.add(new EdgeRow("run:later", bytes, EdgeType.PRODUCED, t + 9, 10));
        LineageIndex index = new LineageIndex();
        index.apply(nodes, edges, false);
        ReferenceTraversal reference = new ReferenceTraversal(nodes, edges);

        LineageQuery plain = new LineageQuery(NodeId.parse("model:m@1"), Direction.UPSTREAM, 10, null, 100);
        LineageGraph up = index.query(plain);
        assertThat(up).isEqualTo(reference.query(plain));
        assertThat(up.nodes()).extracting(n -> n.id().value()).containsExactly("model:m@1", "run:orig", bytes, input);
        assertThat(up.edges()).extracting(LineageGraph.Edge::type).doesNotContain(EdgeType.REPRODUCED);
        assertThat(up.confirmations()).isEmpty();

        LineageQuery all = new LineageQuery(NodeId.parse("model:m@1"), Direction.UPSTREAM, 10, null, 100, true);
        LineageGraph withConfirmations = index.query(all);
        assertThat(withConfirmations).isEqualTo(reference.query(all));
        assertThat(withConfirmations.nodes())
                .extracting(n -> n.id().value())
                .containsExactly("model:m@1", "run:orig", bytes, input, "run:hit", "run:replay", "run:later");
        // confirmations are leaves: the cache hit's pipeline run is not reached through it
        assertThat(withConfirmations.nodes()).extracting(n -> n.id().value()).doesNotContain("run:pipe2");
        assertThat(withConfirmations.confirmations())
                .extracting(c -> c.run().toString(), c -> c.origin().toString())
                .containsExactly(
                        tuple("run:hit", "run:orig"), tuple("run:replay", "run:orig"), tuple("run:later", "run:orig"));
        assertThat(withConfirmations.edges())
                .filteredOn(e -> e.type() == EdgeType.REPRODUCED)
                .extracting(e -> e.from().value())
                .containsExactly("run:hit", "run:replay", "run:later");

        LineageQuery beforeReplay = new LineageQuery(
                NodeId.parse("model:m@1"), Direction.UPSTREAM, 10, LineageIndex.instant(t + 6), 100, true);
        assertThat(index.query(beforeReplay).confirmations())
                .extracting(c -> c.run().toString())
                .containsExactly("run:hit");
        assertThat(index.query(beforeReplay)).isEqualTo(reference.query(beforeReplay));

        // downstream of a confirmation does not reach what was made from the origin's bytes
        LineageGraph later =
                index.query(new LineageQuery(NodeId.parse("run:later"), Direction.DOWNSTREAM, 5, null, 100));
        assertThat(later.nodes()).extracting(n -> n.id().value()).containsExactly("run:later");
        // downstream of the original: its replay and cache hit are its children
        LineageGraph orig = index.query(new LineageQuery(NodeId.parse("run:orig"), Direction.DOWNSTREAM, 1, null, 100));
        assertThat(orig.nodes()).extracting(n -> n.id().value()).contains(bytes, "run:hit", "run:replay");

        // without the original's output, the first of the later producers is the origin
        List<EdgeRow> noOriginal = new ArrayList<>(edges);
        noOriginal.removeIf(e -> e.from().equals("run:orig") && e.type() == EdgeType.PRODUCED);
        LineageIndex second = new LineageIndex();
        second.apply(nodes, noOriginal, false);
        LineageGraph producers =
                second.query(new LineageQuery(NodeId.parse(bytes), Direction.UPSTREAM, 1, null, 100, true));
        assertThat(producers.edges())
                .extracting(e -> e.from().value(), LineageGraph.Edge::type)
                .containsExactly(
                        tuple("run:hit", EdgeType.PRODUCED),
                        tuple("run:replay", EdgeType.REPRODUCED),
                        tuple("run:later", EdgeType.REPRODUCED));
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
                    .isEqualTo(dev.provenant.lineage.readmodel.Json.read(
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

    @Test
    void givenStringsWithSharedPrefixesAndSurrogates_whenCompared_thenCodePointOrderLikeUtf8Bytes() {
        // the alphabet mixes ASCII, BMP characters above the surrogates (which sort below
        // supplementary characters by code point but above them by UTF-16 unit), and high and low
        // surrogates that pair or stand alone
        char[] alphabet = {'a', 'b', '0', 'f', '\u00e9', '\ue000', '\uffff', '\ud800', '\udbff', '\udc00', '\udfff'};
        Random r = new Random(17);
        String[] prefixes = {"", "sha256:", "sha256:00000000000000000000000000000000", "dataset:features-\ud83d\ude00-"
        };
        int compared = 0;
        int decidedBySurrogates = 0;
        for (int i = 0; i < 200_000; i++) {
            String p = prefixes[r.nextInt(prefixes.length)];
            String a = p + random(r, alphabet);
            String b = r.nextInt(4) == 0 ? a + random(r, alphabet) : p + random(r, alphabet);
            if (r.nextBoolean()) {
                String t = a;
                a = b;
                b = t;
            }
            int expected = Integer.signum(
                    Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()));
            assertThat(Integer.signum(LineageIndex.compareCodePoints(a, b)))
                    .as("%s vs %s", escaped(a), escaped(b))
                    .isEqualTo(expected);
            if (well(a) && well(b)) {
                assertThat(Integer.signum(LineageIndex.compareCodePoints(a, b)))
                        .as("UTF-8 order of %s vs %s", escaped(a), escaped(b))
                        .isEqualTo(Integer.signum(Arrays.compareUnsigned(
                                a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                b.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            }
            compared++;
            int k = 0;
            while (k < Math.min(a.length(), b.length()) && a.charAt(k) == b.charAt(k)) {
                k++;
            }
            if (k < Math.min(a.length(), b.length())
                    && (Character.isSurrogate(a.charAt(k)) || Character.isSurrogate(b.charAt(k)))
                    && Integer.signum(a.charAt(k) - b.charAt(k)) != expected) {
                decidedBySurrogates++; // UTF-16 unit order would be wrong here
            }
        }
        assertThat(compared).isEqualTo(200_000);
        assertThat(decidedBySurrogates)
                .as("cases where UTF-16 order differs from code-point order")
                .isGreaterThan(100);
        assertThat(LineageIndex.compareCodePoints("sha256:ab", "sha256:ab")).isZero();
        assertThat(LineageIndex.compareCodePoints("\uffff", "\ud83d\ude00")).isNegative();
        assertThat(LineageIndex.compareCodePoints("run:r1", "run:r10")).isNegative();
    }

    private static String random(Random r, char[] alphabet) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(6); i > 0; i--) {
            b.append(alphabet[r.nextInt(alphabet.length)]);
        }
        return b.toString();
    }

    private static boolean well(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c < 0x80 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return b.toString();
    }
}
