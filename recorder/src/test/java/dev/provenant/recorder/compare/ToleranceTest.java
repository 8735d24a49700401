package dev.provenant.recorder.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToleranceTest {

    @Test
    void givenRelativeTolerance_whenNumbersDifferIn12thDecimal_thenWithin_andBeyondIsNot() {
        Tolerance t = Tolerance.parse("rel:1e-9");
        assertThat(t.within(0.123456789012, 0.123456789013)).isTrue();
        assertThat(t.within(0.1234, 0.1235)).isFalse();
        assertThat(t.within(0.0, 0.0)).isTrue();
        assertThat(t.within(0.0, 1e-300)).isFalse(); // relative to 1e-300: far apart
        assertThat(t.explain(1.0, 1.0 + 1e-12)).startsWith("|Δ| ").contains("≤ rel 1.0E-9");
    }

    @Test
    void givenAbsoluteOrBoth_whenCompared_thenEitherBoundSuffices() {
        assertThat(Tolerance.parse("abs:1e-6").within(1000.0, 1000.0000005)).isTrue();
        assertThat(Tolerance.parse("abs:1e-6").within(0.0, 2e-6)).isFalse();
        Tolerance both = Tolerance.parse("rel:1e-9, abs:1e-12");
        assertThat(both.within(0.0, 5e-13)).isTrue(); // abs
        assertThat(both.within(1e6, 1e6 + 1e-4)).isTrue(); // rel
        assertThat(both.toString()).isEqualTo("rel 1.0E-9 or abs 1.0E-12");
    }

    @Test
    void givenNonFiniteValues_whenCompared_thenOnlyEqualOnesMatch() {
        Tolerance t = Tolerance.abs(1.0);
        assertThat(t.within(Double.NaN, Double.NaN)).isTrue();
        assertThat(t.within(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(t.within(Double.POSITIVE_INFINITY, 1e308)).isFalse();
        assertThat(t.within(Double.NaN, 0.0)).isFalse();
    }

    @Test
    void givenBadSpecs_whenParsed_thenClearMessages() {
        assertThatThrownBy(() -> Tolerance.parse("1e-9")).hasMessageContaining("rel:<number>");
        assertThatThrownBy(() -> Tolerance.parse("relative:1e-9")).hasMessageContaining("neither rel nor abs");
        assertThatThrownBy(() -> Tolerance.parse("rel:x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Tolerance.parse("abs:-1")).hasMessageContaining("≥ 0");
        assertThatThrownBy(() -> Tolerance.fromMap(Map.of(), "m")).hasMessageContaining("rel, abs or both");
    }

    @Test
    void givenPipelineYamlShape_whenRead_thenLookupsFallBackToStar() {
        Tolerances t = Tolerances.fromMap(Map.of(
                "metrics", Map.of("rmse", Map.of("rel", 1e-9), "*", Map.of("abs", 1e-12)),
                "outputs", Map.of("out/preds.csv", Map.of("rel", 1e-6), "out", "abs:1e-3"),
                "ignore_json_fields", Map.of("out/metrics.json", List.of("$.timestamp", "$..host"))));
        assertThat(t.metric("rmse")).isEqualTo(Tolerance.rel(1e-9));
        assertThat(t.metric("accuracy")).isEqualTo(Tolerance.abs(1e-12));
        assertThat(t.numeric("out/preds.csv", null)).isEqualTo(Tolerance.rel(1e-6));
        assertThat(t.numeric("out/other.csv", "out")).isEqualTo(Tolerance.abs(1e-3));
        assertThat(t.numeric("model.json", null)).isNull();
        assertThat(t.ignoredFields("out/metrics.json", null)).containsExactly("$.timestamp", "$..host");
        assertThat(t.appliesTo("out/metrics.json", null)).isTrue();
        assertThat(t.appliesTo("model.json", null)).isFalse();
        assertThat(t.describe())
                .contains("metric rmse: rel 1.0E-9", "ignored in out/metrics.json: $.timestamp, $..host");
    }

    @Test
    void givenTyposInTheYamlShape_whenRead_thenRefusedNamingTheKey() {
        assertThatThrownBy(() -> Tolerances.fromMap(Map.of("metric", Map.of())))
                .hasMessageContaining("unknown key 'metric'");
        assertThatThrownBy(() -> Tolerances.fromMap(Map.of("metrics", Map.of("rmse", Map.of("relative", 1e-9)))))
                .hasMessageContaining("tolerances.metrics.rmse")
                .hasMessageContaining("neither rel nor abs");
        assertThatThrownBy(
                        () -> Tolerances.fromMap(Map.of("ignore_json_fields", Map.of("a.json", List.of("timestamp")))))
                .hasMessageContaining("must start with $");
    }

    @Test
    void givenOptionsOverAFile_whenMerged_thenOptionsWinAndPathsAccumulate() {
        Tolerances file = Tolerances.fromMap(Map.of(
                "metrics", Map.of("rmse", Map.of("rel", 1e-3)),
                "ignore_json_fields", Map.of("m.json", List.of("$.a"))));
        Tolerances t = file.withMetric("rmse", Tolerance.rel(1e-9))
                .withMetric(null, Tolerance.abs(1e-15))
                .withIgnoredField("m.json", "$.b")
                .withNumeric("", Tolerance.rel(1e-6));
        assertThat(t.metric("rmse")).isEqualTo(Tolerance.rel(1e-9));
        assertThat(t.metric("other")).isEqualTo(Tolerance.abs(1e-15));
        assertThat(t.ignoredFields("m.json", null)).containsExactly("$.a", "$.b");
        assertThat(t.numeric("any.csv", null)).isEqualTo(Tolerance.rel(1e-6));
        assertThat(Tolerances.NONE.isEmpty()).isTrue();
    }
}
