package dev.provenant.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.AbstractGraphQlIT;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.test.context.TestPropertySource;

/** Metric series through GraphQL on a real server: recorded, read back, bounded, retry-safe. */
@TestPropertySource(
        properties = {"provenant.limits.max-metric-points-per-request=5", "provenant.limits.max-metric-points-per-run=8"
        })
class MetricSeriesIT extends AbstractGraphQlIT {

    /** A metric as {@code run { metrics { name value } }} answers it. */
    record Metric(String name, double value) {}

    /** A line of {@code diffRuns { metrics { key a b } }}. */
    record Change(String key, String a, String b) {}

    String start(String name) {
        return admin.documentName("run/startRun")
                .variable("i", Map.of("name", name, "command", List.of("python3", "train.py")))
                .execute()
                .path("startRun.run.id")
                .entity(String.class)
                .get();
    }

    /** {@code recordRunMetricSeries} by the admin with input {@code i}. */
    GraphQlTester.Response record(Map<String, Object> i) {
        return admin.documentName("run/recordRunMetricSeries").variable("i", i).execute();
    }

    /** The run's metric names, metrics and its {@code loss} and {@code acc} series (the first two points). */
    GraphQlTester.Response read(String runId) {
        return admin.documentName("run/run").variable("id", runId).execute();
    }

    static void noErrors(GraphQlTester.Response r, String field) {
        r.path(field + ".errors").entityList(Object.class).hasSize(0);
    }

    static String firstError(GraphQlTester.Response r, String field, String part) {
        return r.path(field + ".errors[0]." + part).entity(String.class).get();
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
        return i;
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
        noErrors(record(Map.of("runId", run, "series", List.of(loss, acc))), "recordRunMetricSeries");
        GraphQlTester.Response r = read(run);
        r.path("run.loss[*].step").entityList(Long.class).containsExactly(0L, 1L, 2L);
        r.path("run.loss[*].value").entityList(Double.class).containsExactly(0.9, 0.5, 0.25);
        r.path("run.loss[1].timestamp").entity(String.class).isEqualTo("2025-11-30T00:00:01Z");
        r.path("run.acc").entityList(Object.class).hasSize(2);
        r.path("run.acc[0].step").valueIsNull();

        String bad = start("bad-columns");
        Map<String, Object> shortSteps = Map.of("name", "loss", "values", List.of(1.0, 2.0), "steps", List.of(0));
        GraphQlTester.Response refused = record(Map.of("runId", bad, "series", List.of(shortSteps)));
        assertThat(firstError(refused, "recordRunMetricSeries", "code")).isEqualTo("INVALID_INPUT");
        assertThat(firstError(refused, "recordRunMetricSeries", "message"))
                .contains("series[0].steps", "1 entries for 2 values");
        Map<String, Object> negative = Map.of("name", "loss", "values", List.of(1.0, 2.0), "steps", List.of(0, -1));
        assertThat(firstError(
                        record(Map.of("runId", bad, "series", List.of(negative))), "recordRunMetricSeries", "message"))
                .contains("series[0][1]", "step");
        assertThat(firstError(record(Map.of("runId", bad)), "recordRunMetricSeries", "message"))
                .contains("no points");
        // a time PostgreSQL could not hold (it would stop the projection) is refused, naming the entry
        Map<String, Object> farFuture =
                Map.of("name", "loss", "values", List.of(1.0, 2.0), "atMillis", List.of(0L, 253_402_300_800_000L));
        assertThat(firstError(
                        record(Map.of("runId", bad, "series", List.of(loss, farFuture))),
                        "recordRunMetricSeries",
                        "message"))
                .contains("series[1].atMillis[1]", "years 1 to 9999");
        read(bad).path("run.metricNames").entityList(String.class).hasSize(0);
    }

    @Test
    void givenThreeStepsOfLoss_whenRead_thenTheSeriesInStepOrder_andTheLatestValueIsTheRunsMetric() {
        String run = start("train");
        noErrors(
                record(input(
                        run,
                        List.of(
                                point("loss", 0.9, 0L, "2026-11-30T10:00:00Z"),
                                point("acc", 0.5, 0L, null),
                                point("loss", 0.5, 1L, null)),
                        "batch-1")),
                "recordRunMetricSeries");
        noErrors(record(input(run, List.of(point("loss", 0.25, 2L, null)), "batch-2")), "recordRunMetricSeries");
        // a retried batch (same key) records nothing again
        record(input(run, List.of(point("loss", 0.25, 2L, null)), "batch-2"));

        GraphQlTester.Response r = read(run);
        r.path("run.metricNames").entityList(String.class).containsExactly("acc", "loss");
        r.path("run.loss").entityList(Object.class).hasSize(3);
        r.path("run.loss[0].step").entity(Long.class).isEqualTo(0L);
        r.path("run.loss[0].value").entity(Double.class).isEqualTo(0.9);
        r.path("run.loss[0].timestamp").entity(String.class).isEqualTo("2026-11-30T10:00:00Z");
        r.path("run.loss[2].value").entity(Double.class).isEqualTo(0.25);
        assertThat(r.path("run.loss[2].timestamp").entity(String.class).get()).isNotEmpty();
        r.path("run.acc").entityList(Object.class).hasSize(1);
        Map<String, Double> metrics = new LinkedHashMap<>();
        r.path("run.metrics").entityList(Metric.class).get().forEach(m -> metrics.put(m.name(), m.value()));
        assertThat(metrics).containsEntry("loss", 0.25).containsEntry("acc", 0.5);

        // diff compares series by last value, min, max and number of points
        String other = start("train");
        record(input(other, List.of(point("loss", 0.7, 0L, null), point("loss", 0.25, 1L, null)), null));
        Map<String, String> changes = new LinkedHashMap<>();
        admin.documentName("run/diffRuns")
                .variable("a", run)
                .variable("b", other)
                .execute()
                .path("diffRuns.metrics")
                .entityList(Change.class)
                .get()
                .forEach(c -> changes.put(c.key(), c.a() + " -> " + c.b()));
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
        GraphQlTester.Response refused = record(input(run, six, null));
        assertThat(firstError(refused, "recordRunMetricSeries", "code")).isEqualTo("INVALID_INPUT");
        assertThat(firstError(refused, "recordRunMetricSeries", "message"))
                .contains("6 is more than the 5")
                .contains("provenant.limits.max-metric-points-per-request");

        noErrors(record(input(run, six.subList(0, 5), null)), "recordRunMetricSeries");
        GraphQlTester.Response overRun = record(input(run, six.subList(0, 4), null));
        assertThat(firstError(overRun, "recordRunMetricSeries", "code")).isEqualTo("INVALID_INPUT");
        assertThat(firstError(overRun, "recordRunMetricSeries", "message"))
                .contains("more than the 8")
                .contains("provenant.limits.max-metric-points-per-run");
        read(run).path("run.loss").entityList(Object.class).hasSize(5);
    }

    @Test
    void givenBadPointsOrAReader_thenRefusedWithAReason() {
        String run = start("bad");
        assertThat(firstError(
                        record(input(run, List.of(point("loss", 1, 0L, null), point("loss", 1, -3L, null)), null)),
                        "recordRunMetricSeries",
                        "message"))
                .contains("points[1]")
                .contains("step");
        record(input(run, List.of(point("lo\u0000ss", 1, 0L, null)), null))
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .anySatisfy(e -> assertThat(e.getMessage()).contains("U+0000")));
        reader.documentName("run/recordRunMetricSeries")
                .variable("i", input(run, List.of(point("loss", 1, 0L, null)), null))
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .first()
                        .satisfies(e -> assertThat(e.getExtensions().get("classification"))
                                .isEqualTo("FORBIDDEN")));
        read(run).path("run.metricNames").entityList(String.class).hasSize(0);
        assertThat(firstError(
                        record(input("run:does-not-exist", List.of(point("loss", 1, 0L, null)), null)),
                        "recordRunMetricSeries",
                        "code"))
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void givenARunningRun_whenParametersAndInputsArriveLater_thenTheRunShowsThem_andAChangedValueConflicts() {
        String run = start("late");
        GraphQlTester.Response ok = admin.documentName("run/recordRunParameters")
                .variable("i", Map.of("runId", run, "parameters", List.of(Map.of("key", "lr", "value", "0.1"))))
                .execute();
        noErrors(ok, "recordRunParameters");
        ok.path("recordRunParameters.run.parameters[0].key")
                .entity(String.class)
                .isEqualTo("lr")
                .path("recordRunParameters.run.parameters[0].value")
                .entity(String.class)
                .isEqualTo("0.1");
        GraphQlTester.Response conflict = admin.documentName("run/recordRunParameters")
                .variable("i", Map.of("runId", run, "parameters", List.of(Map.of("key", "lr", "value", "0.2"))))
                .execute();
        assertThat(firstError(conflict, "recordRunParameters", "code")).isEqualTo("CONFLICT");
        GraphQlTester.Response in = admin.documentName("run/recordRunInputs")
                .variable(
                        "i",
                        Map.of(
                                "runId",
                                run,
                                "inputs",
                                List.of(Map.of(
                                        "name", "data/x.csv", "digest", "sha256:" + "e".repeat(64), "sizeBytes", 3))))
                .execute();
        noErrors(in, "recordRunInputs");
        in.path("recordRunInputs.run.inputs[*].name").entityList(String.class).contains("data/x.csv");
    }
}
