package dev.provenant.recorder.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.recorder.compare.Tolerance;
import dev.provenant.recorder.compare.Tolerances;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The verdict rules, metric comparison and restored variables, without a server. */
class ReplayerVerdictTest {

    private static final Replayer.Difference BEYOND = new Replayer.Difference("o", "a", 1, "b", 1, null, false);
    private static final Replayer.Difference WITHIN = new Replayer.Difference("o", "a", 1, "b", 1, null, true);

    @Test
    void givenComparisons_whenJudged_thenVerdicts() {
        assertThat(Replayer.verdict(List.of(), List.of(), 0, 0)).isEqualTo("UNVERIFIED");
        assertThat(Replayer.verdict(List.of(), List.of(), 2, 0)).isEqualTo("IDENTICAL");
        assertThat(Replayer.verdict(List.of(), List.of(), 0, 3)).isEqualTo("IDENTICAL");
        assertThat(Replayer.verdict(List.of(WITHIN), List.of(), 1, 0)).isEqualTo("EQUIVALENT");
        assertThat(Replayer.verdict(List.of(WITHIN, BEYOND), List.of(), 2, 0)).isEqualTo("DIFFERENT");
        assertThat(Replayer.exitCode("IDENTICAL")).isZero();
        assertThat(Replayer.exitCode("EQUIVALENT")).isZero();
        assertThat(Replayer.exitCode("DIFFERENT")).isEqualTo(3);
        assertThat(Replayer.exitCode("FAILED")).isEqualTo(4);
        assertThat(Replayer.exitCode("UNVERIFIED")).isEqualTo(6);
    }

    @Test
    void givenStepVerdicts_whenCombined_thenWorstWins_andUnverifiedOnlyWhenNothingWasCompared() {
        assertThat(Replayer.combine(List.of("IDENTICAL", "FAILED", "DIFFERENT")))
                .isEqualTo("FAILED");
        assertThat(Replayer.combine(List.of("IDENTICAL", "DIFFERENT", "EQUIVALENT")))
                .isEqualTo("DIFFERENT");
        assertThat(Replayer.combine(List.of("IDENTICAL", "UNVERIFIED"))).isEqualTo("IDENTICAL");
        assertThat(Replayer.combine(List.of("EQUIVALENT", "UNVERIFIED", "IDENTICAL")))
                .isEqualTo("EQUIVALENT");
        assertThat(Replayer.combine(List.of("UNVERIFIED", "UNVERIFIED"))).isEqualTo("UNVERIFIED");
    }

    @Test
    void givenMetricOffBy1e12_whenCompared_thenDifferentBitForBit_andWithinARelativeTolerance() {
        Map<String, Double> before = Map.of("rmse", 0.123456789, "acc", 0.9);
        Map<String, Double> after = Map.of("rmse", 0.123456789 + 1e-12, "acc", 0.9, "extra", 1.0);

        List<Replayer.MetricDifference> exact = Replayer.compareMetrics(before, after, Tolerances.NONE);
        assertThat(exact).extracting(Replayer.MetricDifference::name).containsExactly("extra", "rmse");
        assertThat(exact).noneMatch(Replayer.MetricDifference::withinTolerance);
        assertThat(exact.get(0).detail()).isEqualTo("not in the original");

        List<Replayer.MetricDifference> tolerated = Replayer.compareMetrics(
                before,
                Map.of("rmse", 0.123456789 + 1e-12, "acc", 0.9),
                Tolerances.NONE.withMetric("rmse", Tolerance.rel(1e-9)));
        assertThat(tolerated).singleElement().satisfies(m -> {
            assertThat(m.withinTolerance()).isTrue();
            assertThat(m.detail()).contains("≤ rel 1.0E-9");
        });
        assertThat(Replayer.verdict(List.of(), tolerated, 0, 2)).isEqualTo("EQUIVALENT");
    }

    @Test
    void givenRecordedAllowListedVariables_whenRestored_thenSetOrUnset_andSecretsNever() {
        Map<String, String> recorded = new TreeMap<>(Map.of(
                "env.LANG", "en_US.UTF-8", "env.PYTHONHASHSEED", "0", "env.HF_TOKEN", "leaked", "os.name", "Linux"));
        Map<String, String> here = Map.of("LANG", "C.UTF-8", "TZ", "UTC", "PYTHONHASHSEED", "random");
        Map<String, String> restored = Replayer.restoredVariables(recorded, here);
        assertThat(restored).containsEntry("LANG", "en_US.UTF-8").containsEntry("PYTHONHASHSEED", "0");
        assertThat(restored).containsKey("TZ").doesNotContainKey("HF_TOKEN");
        assertThat(restored.get("TZ")).isNull(); // allow-listed, not set when recorded: unset
    }

    @Test
    void givenTolerancesNamingNothing_whenChecked_thenNoted() {
        Tolerances t = Tolerances.NONE
                .withMetric("rsme", Tolerance.rel(1e-9))
                .withMetric(null, Tolerance.rel(1e-9))
                .withIgnoredField("out/metrics.json", "$.timestamp")
                .withNumeric("outs/p.csv", Tolerance.abs(1));
        assertThat(Replayer.unmatchedTolerances(t, List.of("out"), List.of("rmse")))
                .containsExactly(
                        "note: a metric tolerance names 'rsme', which the original run did not record",
                        "note: a tolerance names output 'outs/p.csv', which the original run did not declare");
    }
}
