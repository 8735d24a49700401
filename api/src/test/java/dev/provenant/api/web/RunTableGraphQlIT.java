package dev.provenant.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the web app asks of GraphQL, over HTTP on real PostgreSQL: the runs table's filters and
 * server-side sort with paging, {@code search}, and {@code Node.runStatus}; bad arguments are clear
 * errors, and names and values are never patterns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunTableGraphQlIT extends AbstractGraphQlIT {

    private static final String RUNS = GraphQlDocuments.load("web/runs");

    private GraphQlClient reader;
    private ChurnDemoData data;

    @BeforeAll
    void record() {
        data = new ChurnDemoData("http://127.0.0.1:" + port, ProvenantTestSupport.ALICE_TOKEN).record();
        reader = client(ProvenantTestSupport.READER_TOKEN);
    }

    private GraphQlClient.Response runs(Object... pairs) {
        Map<String, Object> vars = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            vars.put((String) pairs[i], pairs[i + 1]);
        }
        vars.putIfAbsent("first", 100);
        return reader.post(RUNS, vars);
    }

    private List<String> ids(Object... pairs) {
        GraphQlClient.Response r = runs(pairs);
        assertThat(r.errors().isMissingNode()).as(r.body().toString()).isTrue();
        List<String> ids = new ArrayList<>();
        r.data()
                .path("runs")
                .path("edges")
                .forEach(e -> ids.add(e.path("node").path("id").asText()));
        return ids;
    }

    private String error(Object... pairs) {
        GraphQlClient.Response r = runs(pairs);
        assertThat(r.errors().isMissingNode())
                .as("expected an error: %s", r.body())
                .isFalse();
        return r.errors().toString();
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
            GraphQlClient.Response r = runs("first", 3, "after", after, "sort", "DURATION", "descending", true);
            assertThat(r.errors().isMissingNode()).as(r.body().toString()).isTrue();
            JsonNode page = r.data().path("runs");
            page.path("edges").forEach(e -> {
                seen.add(e.path("node").path("id").asText());
                durations.add(e.path("node").path("durationMillis").asLong());
            });
            more = page.path("pageInfo").path("hasNextPage").asBoolean();
            after = page.path("pageInfo").path("endCursor").asText();
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
        String positionCursor = runs("first", 1)
                .data()
                .path("runs")
                .path("pageInfo")
                .path("endCursor")
                .asText();
        assertThat(error("sort", "NAME", "after", positionCursor)).contains("not one this server handed out");
        assertThat(error("first", 0)).contains("first must be between 1 and 1000");
    }

    @Test
    void search_byNamePrefix_idPrefix_digestPrefix() {
        String q = GraphQlDocuments.load("web/search");
        JsonNode hits = reader.post(q, Map.of("t", "chu")).data().path("search");
        assertThat(hits.findValuesAsText("id")).contains("model:churn@1");
        JsonNode byRun =
                reader.post(q, Map.of("t", data.train.substring(0, 12))).data().path("search");
        assertThat(byRun.get(0).path("id").asText()).isEqualTo(data.train);
        assertThat(byRun.get(0).path("matched").asText()).isEqualTo("ID_PREFIX");
        String digest = ChurnDemoData.sha256(data.files.get("data/customers.csv"));
        JsonNode byDigest =
                reader.post(q, Map.of("t", digest.substring(7, 17))).data().path("search");
        assertThat(byDigest.get(0).path("id").asText()).isEqualTo(digest);
        assertThat(byDigest.get(0).path("kind").asText()).isEqualTo("ARTIFACT");
        assertThat(byDigest.get(0).path("matched").asText()).isEqualTo("DIGEST_PREFIX");
        assertThat(reader.post(q, Map.of("t", "dataset:cust"))
                        .data()
                        .path("search")
                        .findValuesAsText("id"))
                .containsExactly("dataset:customers@v1");
        assertThat(reader.post(q, Map.of("t", "%")).data().path("search")).isEmpty();
        assertThat(reader.post(q, Map.of("t", " ")).errors().toString()).contains("must not be empty");
        assertThat(reader.post(q, Map.of("t", "x".repeat(201))).errors().toString())
                .contains("longer than 200");
    }

    @Test
    void lineageNodes_carryTheirRunsStatus() {
        JsonNode nodes = reader.post(
                        GraphQlDocuments.load("web/lineage"),
                        Map.of("n", ChurnDemoData.sha256(data.files.get("data/train.csv"))))
                .data()
                .path("lineage")
                .path("nodes");
        Map<String, String> status = new HashMap<>();
        nodes.forEach(n -> status.put(n.path("id").asText(), n.path("runStatus").asText(null)));
        assertThat(status).containsEntry(data.train, "SUCCEEDED").containsEntry(data.failed, "FAILED");
        nodes.forEach(n -> {
            if (!n.path("kind").asText().equals("RUN")) {
                assertThat(n.path("runStatus").isNull()).isTrue();
            }
        });
    }
}
