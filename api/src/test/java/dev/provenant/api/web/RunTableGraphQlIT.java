package dev.provenant.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.ProvenantTestSupport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * What the web app asks of GraphQL, over HTTP on real PostgreSQL: the runs table's filters and
 * server-side sort with paging, {@code search}, and {@code Node.runStatus}; bad arguments are clear
 * errors, and names and values are never patterns. Everything is asked by the reader.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunTableGraphQlIT extends AbstractGraphQlIT {

    /** A page of {@code runs} as {@code web/runs} selects it. */
    record Page(List<Edge> edges, PageInfo pageInfo) {}

    record Edge(Run node) {}

    record Run(String id, String name, Long durationMillis) {}

    record PageInfo(boolean hasNextPage, String endCursor) {}

    record SearchHit(String id, String kind, String label, String matched) {}

    record LineageNode(String id, String kind, String runStatus) {}

    private ChurnDemoData data;

    @BeforeAll
    void record() {
        data = new ChurnDemoData("http://127.0.0.1:" + port, ProvenantTestSupport.ALICE_TOKEN).record();
    }

    private GraphQlTester.Response runs(Object... pairs) {
        Map<String, Object> vars = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            vars.put((String) pairs[i], pairs[i + 1]);
        }
        vars.putIfAbsent("first", 100);
        return reader.documentName("web/runs").variables(vars).execute();
    }

    private Page page(Object... pairs) {
        return runs(pairs).path("runs").entity(Page.class).get();
    }

    private List<String> ids(Object... pairs) {
        return page(pairs).edges().stream().map(e -> e.node().id()).toList();
    }

    /** The messages of the errors answering {@code runs}, which must not succeed. */
    private String error(Object... pairs) {
        List<String> messages = new ArrayList<>();
        runs(pairs).errors().satisfy(errors -> {
            assertThat(errors).as("expected an error").isNotEmpty();
            errors.forEach(e -> messages.add(e.getMessage()));
        });
        return String.join("\n", messages);
    }

    @Test
    void filters_eachAndCombined() {
        assertThat(ids()).hasSize(14);
        assertThat(ids("status", "FAILED")).containsExactly(data.failed);
        assertThat(ids("nameContains", "UNSEED")).hasSize(2).contains(data.unseeded);
        assertThat(ids("pipeline", "pipeline:churn"))
                .hasSize(8)
                .contains(data.ingest, data.prepare, data.train, data.evaluate);
        assertThat(ids("parameter", "seed", "parameterValue", "7", "nameContains", "train", "status", "SUCCEEDED"))
                .contains(data.train, data.replay)
                .doesNotContain(data.unseeded, data.failed);
        assertThat(ids("parameter", "rows")).containsExactly(data.ingest);
        assertThat(ids("metric", "accuracy", "metricMin", 0.87, "metricMax", 0.87))
                .containsExactly(data.evaluate);
        assertThat(ids("metric", "train_accuracy", "metricMax", 0.87)).containsExactly(data.unseeded);
        assertThat(ids("startedAfter", "2000-01-01T00:00:00Z", "startedBefore", "2001-01-01T00:00:00Z"))
                .isEmpty();
        assertThat(ids("startedAfter", "2000-01-01T00:00:00Z")).hasSize(14);
    }

    @Test
    void namesKeysAndValues_areNeverPatternsOrSql() {
        assertThat(ids("nameContains", "%")).isEmpty();
        assertThat(ids("nameContains", "_")).isEmpty();
        assertThat(ids("nameContains", "tr%n")).isEmpty();
        assertThat(ids("parameter", "seed' OR '1'='1")).isEmpty();
        assertThat(ids("parameter", "seed", "parameterValue", "7' OR '1'='1")).isEmpty();
        assertThat(ids("sort", "PARAMETER", "sortKey", "seed'); DROP TABLE runs; --"))
                .hasSize(14);
        assertThat(ids()).hasSize(14);
    }

    @Test
    void sortedPages_coverEveryRunOnce_inOrder() {
        List<Long> durations = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            Page page = page("first", 3, "after", after, "sort", "DURATION", "descending", true);
            page.edges().forEach(e -> {
                seen.add(e.node().id());
                durations.add(e.node().durationMillis() == null ? 0L : e.node().durationMillis());
            });
            more = page.pageInfo().hasNextPage();
            after = page.pageInfo().endCursor();
        }
        assertThat(seen).hasSize(14).doesNotHaveDuplicates();
        assertThat(durations).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(seen.get(0)).isEqualTo(data.pipeline);
        // a metric: runs without it last, whichever way
        List<String> byAccuracy = ids("sort", "METRIC", "sortKey", "train_accuracy");
        assertThat(byAccuracy.subList(0, 4)).startsWith(data.unseeded);
        assertThat(ids("sort", "NAME")).first().isEqualTo(data.evaluate);
    }

    @Test
    void badArguments_areClearErrors() {
        assertThat(error("metricMin", 0.5)).contains("metric range needs the metric's name");
        assertThat(error("metric", "accuracy", "metricMin", 0.9, "metricMax", 0.1))
                .contains("metric range is empty");
        assertThat(error("parameterValue", "7")).contains("parameter value needs its key");
        assertThat(error("sortKey", "loss")).contains("sortKey needs sort");
        assertThat(error("sort", "METRIC")).contains("needs the metric's name");
        String positionCursor = page("first", 1).pageInfo().endCursor();
        assertThat(error("sort", "NAME", "after", positionCursor)).contains("not one this server handed out");
        assertThat(error("first", 0)).contains("first must be between 1 and 1000");
    }

    private List<SearchHit> search(String text) {
        return reader.documentName("web/search")
                .variable("t", text)
                .execute()
                .path("search")
                .entityList(SearchHit.class)
                .get();
    }

    private String searchError(String text) {
        List<String> messages = new ArrayList<>();
        reader.documentName("web/search").variable("t", text).execute().errors().satisfy(errors -> {
            assertThat(errors).as("expected an error").isNotEmpty();
            errors.forEach(e -> messages.add(e.getMessage()));
        });
        return String.join("\n", messages);
    }

    @Test
    void search_byNamePrefix_idPrefix_digestPrefix() {
        assertThat(search("chu")).extracting(SearchHit::id).contains("model:churn@1");
        List<SearchHit> byRun = search(data.train.substring(0, 12));
        assertThat(byRun.get(0).id()).isEqualTo(data.train);
        assertThat(byRun.get(0).matched()).isEqualTo("ID_PREFIX");
        String digest = ChurnDemoData.sha256(data.files.get("data/customers.csv"));
        List<SearchHit> byDigest = search(digest.substring(7, 17));
        assertThat(byDigest.get(0).id()).isEqualTo(digest);
        assertThat(byDigest.get(0).kind()).isEqualTo("ARTIFACT");
        assertThat(byDigest.get(0).matched()).isEqualTo("DIGEST_PREFIX");
        assertThat(search("dataset:cust")).extracting(SearchHit::id).containsExactly("dataset:customers@v1");
        assertThat(search("%")).isEmpty();
        assertThat(searchError(" ")).contains("must not be empty");
        assertThat(searchError("x".repeat(201))).contains("longer than 200");
    }

    @Test
    void lineageNodes_carryTheirRunsStatus() {
        List<LineageNode> nodes = reader.documentName("web/lineage")
                .variable("n", ChurnDemoData.sha256(data.files.get("data/train.csv")))
                .execute()
                .path("lineage.nodes")
                .entityList(LineageNode.class)
                .get();
        Map<String, String> status = new HashMap<>();
        nodes.forEach(n -> status.put(n.id(), n.runStatus()));
        assertThat(status).containsEntry(data.train, "SUCCEEDED").containsEntry(data.failed, "FAILED");
        assertThat(nodes)
                .filteredOn(n -> !n.kind().equals("RUN"))
                .isNotEmpty()
                .allSatisfy(n -> assertThat(n.runStatus()).as(n.id()).isNull());
    }
}
