package dev.provenant.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Metric series through GraphQL on a real server: recorded, read back, bounded, retry-safe. */
@TestPropertySource(
        properties = {"provenant.limits.max-metric-points-per-request=5", "provenant.limits.max-metric-points-per-run=8"
        })
class MetricSeriesIT extends AbstractGraphQlIT {

    static final String RECORD = GraphQlDocuments.load("run/recordRunMetricSeries");
    static final String READ = GraphQlDocuments.load("run/run");

    GraphQlClient alice() {
        return client(ProvenantTestSupport.ALICE_TOKEN);
    }

    String start(String name) {
        return alice().post(
                        GraphQlDocuments.load("run/startRun"),
                        Map.of("i", Map.of("name", name, "command", List.of("python3", "train.py"))))
                .data()
                .path("startRun")
                .path("run")
                .path("id")
                .asText();
    }

    static Map<String, Object> point(String name, double value, Long step, String at) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("value", value);
        if (step != null) {
            p.put("step", step);
        }
        if (at != null) {
            p.put("timestamp", at);
        }
        return p;
    }

    static Map<String, Object> input(String runId, List<Map<String, Object>> points, String key) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("runId", runId);
        i.put("points", points);
        if (key != null) {
            i.put("idempotencyKey", key);
        }
        return Map.of("i", i);
    }

    @Test
    void givenSeriesAsColumns_whenRecorded_thenTheSamePointsAsObjects_andBadColumnsAreRefusedWithNothingStored() {
        String run = start("columns");
        Map<String, Object> loss = new LinkedHashMap<>();
        loss.put("name", "loss");
        loss.put("values", List.of(0.9, 0.5, 0.25));
        loss.put("steps", List.of(0, 1, 2));
        loss.put("atMillis", List.of(1_764_460_800_000L, 1_764_460_801_000L, 1_764_460_802_000L));
        Map<String, Object> acc = Map.of("name", "acc", "values", List.of(0.6, 0.7));
        JsonNode ok = alice().post(RECORD, Map.of("i", Map.of("runId", run, "series", List.of(loss, acc))))
                .data()
                .path("recordRunMetricSeries");
        assertThat(ok.path("errors")).as(ok.toString()).isEmpty();
        JsonNode r = alice().post(READ, Map.of("id", run)).data().path("run");
        assertThat(r.path("loss").findValuesAsText("step")).containsExactly("0", "1", "2");
        assertThat(r.path("loss").findValuesAsText("value")).containsExactly("0.9", "0.5", "0.25");
        assertThat(r.path("loss").get(1).path("timestamp").asText()).isEqualTo("2025-11-30T00:00:01Z");
        assertThat(r.path("acc")).hasSize(2);
        assertThat(r.path("acc").get(0).path("step").isNull()).isTrue();

        String bad = start("bad-columns");
        Map<String, Object> shortSteps = Map.of("name", "loss", "values", List.of(1.0, 2.0), "steps", List.of(0));
        JsonNode refused = alice().post(RECORD, Map.of("i", Map.of("runId", bad, "series", List.of(shortSteps))))
                .data()
                .path("recordRunMetricSeries")
                .path("errors");
        assertThat(refused.get(0).path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(refused.get(0).path("message").asText()).contains("series[0].steps", "1 entries for 2 values");
        Map<String, Object> negative = Map.of("name", "loss", "values", List.of(1.0, 2.0), "steps", List.of(0, -1));
        assertThat(alice().post(RECORD, Map.of("i", Map.of("runId", bad, "series", List.of(negative))))
                        .data()
                        .path("recordRunMetricSeries")
                        .path("errors")
                        .get(0)
                        .path("message")
                        .asText())
                .contains("series[0][1]", "step");
        assertThat(alice().post(RECORD, Map.of("i", Map.of("runId", bad)))
                        .data()
                        .path("recordRunMetricSeries")
                        .path("errors")
                        .get(0)
                        .path("message")
                        .asText())
                .contains("no points");
        // a time PostgreSQL could not hold (it would stop the projection) is refused, naming the entry
        Map<String, Object> farFuture =
                Map.of("name", "loss", "values", List.of(1.0, 2.0), "atMillis", List.of(0L, 253_402_300_800_000L));
        assertThat(alice().post(RECORD, Map.of("i", Map.of("runId", bad, "series", List.of(loss, farFuture))))
                        .data()
                        .path("recordRunMetricSeries")
                        .path("errors")
                        .get(0)
                        .path("message")
                        .asText())
                .contains("series[1].atMillis[1]", "years 1 to 9999");
        assertThat(alice().post(READ, Map.of("id", bad)).data().path("run").path("metricNames"))
                .isEmpty();
    }

    @Test
    void givenThreeStepsOfLoss_whenRead_thenTheSeriesInStepOrder_andTheLatestValueIsTheRunsMetric() {
        String run = start("train");
        JsonNode first = alice().post(
                        RECORD,
                        input(
                                run,
                                List.of(
                                        point("loss", 0.9, 0L, "2026-11-30T10:00:00Z"),
                                        point("acc", 0.5, 0L, null),
                                        point("loss", 0.5, 1L, null)),
                                "batch-1"))
                .data()
                .path("recordRunMetricSeries");
        assertThat(first.path("errors")).isEmpty();
        JsonNode second = alice().post(RECORD, input(run, List.of(point("loss", 0.25, 2L, null)), "batch-2"))
                .data()
                .path("recordRunMetricSeries");
        assertThat(second.path("errors")).isEmpty();
        // a retried batch (same key) records nothing again
        alice().post(RECORD, input(run, List.of(point("loss", 0.25, 2L, null)), "batch-2"));

        JsonNode r = alice().post(READ, Map.of("id", run)).data().path("run");
        assertThat(r.path("metricNames").toString()).isEqualTo("[\"acc\",\"loss\"]");
        JsonNode loss = r.path("loss");
        assertThat(loss).hasSize(3);
        assertThat(loss.get(0).path("step").asLong()).isZero();
        assertThat(loss.get(0).path("value").asDouble()).isEqualTo(0.9);
        assertThat(loss.get(0).path("timestamp").asText()).isEqualTo("2026-11-30T10:00:00Z");
        assertThat(loss.get(2).path("value").asDouble()).isEqualTo(0.25);
        assertThat(loss.get(2).path("timestamp").asText()).isNotEmpty();
        assertThat(r.path("acc")).hasSize(1);
        Map<String, Double> metrics = new LinkedHashMap<>();
        r.path("metrics")
                .forEach(m ->
                        metrics.put(m.path("name").asText(), m.path("value").asDouble()));
        assertThat(metrics).containsEntry("loss", 0.25).containsEntry("acc", 0.5);

        // diff compares series by last value, min, max and number of points
        String other = start("train");
        alice().post(RECORD, input(other, List.of(point("loss", 0.7, 0L, null), point("loss", 0.25, 1L, null)), null));
        JsonNode diff = alice().post(GraphQlDocuments.load("run/diffRuns"), Map.of("a", run, "b", other))
                .data()
                .path("diffRuns")
                .path("metrics");
        Map<String, String> changes = new LinkedHashMap<>();
        diff.forEach(c -> changes.put(
                c.path("key").asText(),
                c.path("a").asText() + " -> " + c.path("b").asText()));
        assertThat(changes)
                .containsEntry("loss[max]", "0.9 -> 0.7")
                .containsEntry("loss[points]", "3 -> 2")
                .doesNotContainKey("loss")
                .doesNotContainKey("loss[min]")
                .containsKey("acc");
    }

    @Test
    void givenTooManyPoints_thenRefusedNamingTheCap_perRequestAndPerRun_andNothingRecorded() {
        String run = start("flood");
        List<Map<String, Object>> six = new ArrayList<>();
        for (long i = 0; i < 6; i++) {
            six.add(point("loss", i, i, null));
        }
        JsonNode refused = alice().post(RECORD, input(run, six, null))
                .data()
                .path("recordRunMetricSeries")
                .path("errors");
        assertThat(refused.get(0).path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(refused.get(0).path("message").asText())
                .contains("6 is more than the 5")
                .contains("provenant.limits.max-metric-points-per-request");

        assertThat(alice().post(RECORD, input(run, six.subList(0, 5), null))
                        .data()
                        .path("recordRunMetricSeries")
                        .path("errors"))
                .isEmpty();
        JsonNode overRun = alice().post(RECORD, input(run, six.subList(0, 4), null))
                .data()
                .path("recordRunMetricSeries")
                .path("errors");
        assertThat(overRun.get(0).path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(overRun.get(0).path("message").asText())
                .contains("more than the 8")
                .contains("provenant.limits.max-metric-points-per-run");
        JsonNode r = alice().post(READ, Map.of("id", run)).data().path("run");
        assertThat(r.path("loss")).hasSize(5);
    }

    @Test
    void givenBadPointsOrAReader_thenRefusedWithAReason() {
        String run = start("bad");
        JsonNode nan = alice().post(
                        RECORD, input(run, List.of(point("loss", 1, 0L, null), point("loss", 1, -3L, null)), null))
                .data()
                .path("recordRunMetricSeries")
                .path("errors");
        assertThat(nan.get(0).path("message").asText()).contains("points[1]").contains("step");
        GraphQlClient.Response ctrl = alice().post(RECORD, input(run, List.of(point("lo\u0000ss", 1, 0L, null)), null));
        assertThat(ctrl.errors().toString()).contains("U+0000");
        GraphQlClient reader = client(ProvenantTestSupport.READER_TOKEN);
        GraphQlClient.Response refused = reader.post(RECORD, input(run, List.of(point("loss", 1, 0L, null)), null));
        assertThat(refused.errors().toString()).contains("FORBIDDEN");
        JsonNode r = alice().post(READ, Map.of("id", run)).data().path("run");
        assertThat(r.path("metricNames")).isEmpty();
        JsonNode unknown = alice().post(RECORD, input("run:does-not-exist", List.of(point("loss", 1, 0L, null)), null))
                .data()
                .path("recordRunMetricSeries")
                .path("errors");
        assertThat(unknown.get(0).path("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void givenARunningRun_whenParametersAndInputsArriveLater_thenTheRunShowsThem_andAChangedValueConflicts() {
        String run = start("late");
        String params = GraphQlDocuments.load("run/recordRunParameters");
        JsonNode ok = alice().post(
                        params,
                        Map.of("i", Map.of("runId", run, "parameters", List.of(Map.of("key", "lr", "value", "0.1")))))
                .data()
                .path("recordRunParameters");
        assertThat(ok.path("errors")).isEmpty();
        assertThat(ok.path("run").path("parameters").toString())
                .contains("\"lr\"")
                .contains("0.1");
        JsonNode conflict = alice().post(
                        params,
                        Map.of("i", Map.of("runId", run, "parameters", List.of(Map.of("key", "lr", "value", "0.2")))))
                .data()
                .path("recordRunParameters")
                .path("errors");
        assertThat(conflict.get(0).path("code").asText()).isEqualTo("CONFLICT");
        String inputs = GraphQlDocuments.load("run/recordRunInputs");
        JsonNode in = alice().post(
                        inputs,
                        Map.of(
                                "i",
                                Map.of(
                                        "runId",
                                        run,
                                        "inputs",
                                        List.of(Map.of(
                                                "name",
                                                "data/x.csv",
                                                "digest",
                                                "sha256:" + "e".repeat(64),
                                                "sizeBytes",
                                                3)))))
                .data()
                .path("recordRunInputs");
        assertThat(in.path("errors")).isEmpty();
        assertThat(in.path("run").path("inputs").toString()).contains("data/x.csv");
    }
}
