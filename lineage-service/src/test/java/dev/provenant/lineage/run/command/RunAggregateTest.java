package dev.provenant.lineage.run.command;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.run.AbandonRunCommand;
import dev.provenant.messages.run.CodeVersion;
import dev.provenant.messages.run.EnvironmentFingerprint;
import dev.provenant.messages.run.FinishRunCommand;
import dev.provenant.messages.run.MetricDifference;
import dev.provenant.messages.run.MetricPoint;
import dev.provenant.messages.run.MetricSeriesColumns;
import dev.provenant.messages.run.OutputDifference;
import dev.provenant.messages.run.RecordCacheHitCommand;
import dev.provenant.messages.run.RecordReplayVerdictCommand;
import dev.provenant.messages.run.RecordRunInputsCommand;
import dev.provenant.messages.run.RecordRunMetricPointsCommand;
import dev.provenant.messages.run.RecordRunMetricsCommand;
import dev.provenant.messages.run.RecordRunOutputsCommand;
import dev.provenant.messages.run.RecordRunParametersCommand;
import dev.provenant.messages.run.ReplayVerdictRecordedEvent;
import dev.provenant.messages.run.RunAbandonedEvent;
import dev.provenant.messages.run.RunCacheHitRecordedEvent;
import dev.provenant.messages.run.RunCompletedEvent;
import dev.provenant.messages.run.RunFailedEvent;
import dev.provenant.messages.run.RunId;
import dev.provenant.messages.run.RunInput;
import dev.provenant.messages.run.RunInputsRecordedEvent;
import dev.provenant.messages.run.RunMetricPointsRecordedEvent;
import dev.provenant.messages.run.RunMetricsRecordedEvent;
import dev.provenant.messages.run.RunOutput;
import dev.provenant.messages.run.RunOutputsRecordedEvent;
import dev.provenant.messages.run.RunParametersRecordedEvent;
import dev.provenant.messages.run.RunStartedEvent;
import dev.provenant.messages.run.StartRunCommand;
import dev.provenant.messages.run.Verdict;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunAggregateTest {

    static final String RUN = "run:r1";
    static final String D1 = "sha256:" + "1".repeat(64);
    static final String D2 = "sha256:" + "2".repeat(64);
    static final String D3 = "sha256:" + "3".repeat(64);
    static final CodeVersion CODE =
            new CodeVersion("git@example:ml.git", "abc1234", "main", false, Sha256Digest.parse(D3));
    static final EnvironmentFingerprint ENV = EnvironmentFingerprint.of(Map.of("os.name", "Linux"));

    static StartRunCommand start(String runId, String replayOf) {
        return new StartRunCommand(
                RunId.parse(runId),
                "train",
                null,
                null,
                List.of("java", "Train.java"),
                Map.of("seed", "42"),
                CODE,
                ENV,
                List.of(new RunInput("data/train.csv", Sha256Digest.parse(D1), 100, null)),
                RunId.parseOrNull(replayOf),
                null);
    }

    static RunStartedEvent started(String runId, String replayOf) {
        StartRunCommand c = start(runId, replayOf);
        return new RunStartedEvent(
                c.runId(),
                c.name(),
                null,
                null,
                c.command(),
                c.parameters(),
                c.code(),
                c.environment(),
                c.inputs(),
                RunId.parseOrNull(replayOf),
                null);
    }

    private AggregateTestFixture<RunAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(RunAggregate.class);
    }

    @Test
    void givenNothing_whenStart_thenRunStarted() {
        fixture.givenNoPriorActivity()
                .when(start(RUN, null))
                .expectResultMessagePayload(RUN)
                .expectEvents(started(RUN, null));
    }

    @Test
    void givenStarted_whenSameStartAgain_thenNothingRecorded_andOtherStartIsAConflict() {
        fixture.given(started(RUN, null))
                .when(start(RUN, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(started(RUN, null))
                .when(start(RUN, "run:other"))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("already started"));
    }

    @Test
    void givenStarted_whenOutputsRecordedTwice_thenOnlyNewOnesAreEvents_andChangedDigestConflicts() {
        RunOutput model = new RunOutput("model.bin", Sha256Digest.parse(D2), 10, "FILE");
        RunOutput log = new RunOutput("log", Sha256Digest.parse(D1), 5, "LOG");
        fixture.given(started(RUN, null), new RunOutputsRecordedEvent(RunId.parse(RUN), List.of(model)))
                .when(new RecordRunOutputsCommand(RunId.parse(RUN), List.of(model, log)))
                .expectEvents(new RunOutputsRecordedEvent(RunId.parse(RUN), List.of(log)));
        fixture.given(started(RUN, null), new RunOutputsRecordedEvent(RunId.parse(RUN), List.of(model)))
                .when(new RecordRunOutputsCommand(
                        RunId.parse(RUN), List.of(new RunOutput("model.bin", Sha256Digest.parse(D1), 10, "FILE"))))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("outputs are immutable"));
    }

    @Test
    void givenStarted_whenMetricsThenFinish_thenEventsInOrder() {
        fixture.given(started(RUN, null))
                .when(new RecordRunMetricsCommand(RunId.parse(RUN), Map.of("accuracy", 0.93)))
                .expectEvents(new RunMetricsRecordedEvent(
                        RunId.parse(RUN), new java.util.TreeMap<>(Map.of("accuracy", 0.93))));
        fixture.given(started(RUN, null))
                .when(new FinishRunCommand(RunId.parse(RUN), 0, 1234, null))
                .expectEvents(new RunCompletedEvent(RunId.parse(RUN), 0, 1234));
        fixture.given(started(RUN, null))
                .when(new FinishRunCommand(RunId.parse(RUN), 137, 50, null))
                .expectEvents(new RunFailedEvent(RunId.parse(RUN), 137, 50, "exit code 137"));
    }

    static final java.time.Instant BEAT = java.time.Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void givenRunning_whenItsLeaseRunsOut_thenAbandoned_andAFinishedRunIsNeverAbandoned() {
        fixture.given(started(RUN, null))
                .when(new AbandonRunCommand(RunId.parse(RUN), BEAT, 300))
                .expectEvents(new RunAbandonedEvent(RunId.parse(RUN), "2026-11-30T10:00:00Z", 300));
        fixture.given(started(RUN, null), new RunCompletedEvent(RunId.parse(RUN), 0, 10))
                .when(new AbandonRunCommand(RunId.parse(RUN), BEAT, 300))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(started(RUN, null), new RunAbandonedEvent(RunId.parse(RUN), BEAT.toString(), 300))
                .when(new AbandonRunCommand(RunId.parse(RUN), BEAT, 300))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenAbandoned_whenTheRecorderComesBack_thenItsOutputsAndLateFinishAreRecorded() {
        RunOutput model = new RunOutput("model.bin", Sha256Digest.parse(D2), 10, "FILE");
        fixture.given(started(RUN, null), new RunAbandonedEvent(RunId.parse(RUN), BEAT.toString(), 300))
                .when(new RecordRunOutputsCommand(RunId.parse(RUN), List.of(model)))
                .expectEvents(new RunOutputsRecordedEvent(RunId.parse(RUN), List.of(model)));
        fixture.given(started(RUN, null), new RunAbandonedEvent(RunId.parse(RUN), BEAT.toString(), 300))
                .when(new FinishRunCommand(RunId.parse(RUN), 0, 400_000, null))
                .expectEvents(new RunCompletedEvent(RunId.parse(RUN), 0, 400_000));
        fixture.given(
                        started(RUN, null),
                        new RunAbandonedEvent(RunId.parse(RUN), BEAT.toString(), 300),
                        new RunCompletedEvent(RunId.parse(RUN), 0, 400_000))
                .when(new FinishRunCommand(RunId.parse(RUN), 1, 10, null))
                .expectException(CommandExecutionException.class);
    }

    @Test
    void givenFinished_whenFinishedAgainSameWay_thenNothing_andDifferentlyIsAConflict_andNoMoreOutputs() {
        fixture.given(started(RUN, null), new RunCompletedEvent(RunId.parse(RUN), 0, 10))
                .when(new FinishRunCommand(RunId.parse(RUN), 0, 10, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(started(RUN, null), new RunCompletedEvent(RunId.parse(RUN), 0, 10))
                .when(new FinishRunCommand(RunId.parse(RUN), 1, 10, null))
                .expectException(CommandExecutionException.class);
        fixture.given(started(RUN, null), new RunCompletedEvent(RunId.parse(RUN), 0, 10))
                .when(new RecordRunOutputsCommand(
                        RunId.parse(RUN), List.of(new RunOutput("late", Sha256Digest.parse(D1), 1, "FILE"))))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("already finished"));
    }

    @Test
    void givenStarted_whenCacheHit_thenRecordedOnce() {
        fixture.given(started(RUN, null))
                .when(new RecordCacheHitCommand(RunId.parse(RUN), RunId.parse("run:earlier")))
                .expectEvents(new RunCacheHitRecordedEvent(RunId.parse(RUN), RunId.parse("run:earlier")));
        fixture.given(started(RUN, null), new RunCacheHitRecordedEvent(RunId.parse(RUN), RunId.parse("run:earlier")))
                .when(new RecordCacheHitCommand(RunId.parse(RUN), RunId.parse("run:earlier")))
                .expectNoEvents();
    }

    @Test
    void givenReplayRun_whenVerdict_thenRecordedWithOriginal() {
        List<OutputDifference> diffs =
                List.of(new OutputDifference("model.bin", Sha256Digest.parse(D1), 1, Sha256Digest.parse(D2), 1, null));
        fixture.given(started("run:replay", RUN), new RunCompletedEvent(RunId.parse("run:replay"), 0, 5))
                .when(new RecordReplayVerdictCommand(RunId.parse("run:replay"), Verdict.DIFFERENT, diffs, List.of()))
                .expectEvents(new ReplayVerdictRecordedEvent(
                        RunId.parse("run:replay"), RunId.parse(RUN), Verdict.DIFFERENT, diffs, List.of()));
    }

    @Test
    void givenReplayRun_whenEquivalentVerdictWithMetricDifferenceWithinTolerance_thenRecordedWithCounts() {
        List<MetricDifference> metrics =
                List.of(new MetricDifference("rmse", 0.1, 0.1 + 1e-12, true, "|Δ| 1.0E-12 ≤ rel 1.0E-9"));
        fixture.given(started("run:replay", RUN), new RunCompletedEvent(RunId.parse("run:replay"), 0, 5))
                .when(new RecordReplayVerdictCommand(
                        RunId.parse("run:replay"), Verdict.EQUIVALENT, List.of(), List.of(), metrics, 1, 1))
                .expectEvents(new ReplayVerdictRecordedEvent(
                        RunId.parse("run:replay"),
                        RunId.parse(RUN),
                        Verdict.EQUIVALENT,
                        List.of(),
                        List.of(),
                        metrics,
                        1,
                        1));
    }

    @Test
    void givenVerdictsThatContradictTheirDifferences_whenCommandBuilt_thenRefused() {
        MetricDifference beyond = new MetricDifference("rmse", 0.1, 0.2, false, null);
        MetricDifference within = new MetricDifference("rmse", 0.1, 0.1 + 1e-12, true, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RecordReplayVerdictCommand(
                        RunId.parse("run:replay"), Verdict.EQUIVALENT, List.of(), List.of(), List.of(beyond), 0, 1))
                .hasMessageContaining("EQUIVALENT");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RecordReplayVerdictCommand(
                        RunId.parse("run:replay"), Verdict.EQUIVALENT, List.of(), List.of(), List.of(), 1, 0))
                .hasMessageContaining("EQUIVALENT");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RecordReplayVerdictCommand(
                        RunId.parse("run:replay"), Verdict.IDENTICAL, List.of(), List.of(), List.of(within), 0, 1))
                .hasMessageContaining("IDENTICAL");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RecordReplayVerdictCommand(
                        RunId.parse("run:replay"), Verdict.UNVERIFIED, List.of(), List.of(), List.of(), 2, 0))
                .hasMessageContaining("nothing was compared");
        new RecordReplayVerdictCommand(
                RunId.parse("run:replay"), Verdict.UNVERIFIED, List.of(), List.of(), List.of(), 0, 0);
        new RecordReplayVerdictCommand(
                RunId.parse("run:replay"), Verdict.DIFFERENT, List.of(), List.of(), List.of(beyond), 0, 1);
    }

    @Test
    void givenOrdinaryRun_whenVerdict_thenInvalid() {
        fixture.given(started(RUN, null))
                .when(new RecordReplayVerdictCommand(RunId.parse(RUN), Verdict.IDENTICAL, List.of(), List.of()))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("not a replay"));
    }

    @Test
    void givenRunning_whenExecutionObserved_thenRecordedOnceAndRefusedWhenDifferent() {
        var reads = List.of(new dev.provenant.messages.run.TracedRead("config.yaml", Sha256Digest.parse(D1), 12, true));
        var event = new dev.provenant.messages.run.RunExecutionObservedEvent(
                RunId.parse(RUN), true, Sha256Digest.parse(D2), reads, List.of("scratch.txt"), List.of(), 1, 2, 300);
        fixture.given(started(RUN, null))
                .when(new dev.provenant.messages.run.RecordRunExecutionCommand(
                        RunId.parse(RUN),
                        true,
                        Sha256Digest.parse(D2),
                        reads,
                        List.of("scratch.txt"),
                        List.of(),
                        1,
                        2,
                        300))
                .expectEvents(event);
        fixture.given(started(RUN, null), event)
                .when(new dev.provenant.messages.run.RecordRunExecutionCommand(
                        RunId.parse(RUN),
                        true,
                        Sha256Digest.parse(D2),
                        reads,
                        List.of("scratch.txt"),
                        List.of(),
                        1,
                        2,
                        300))
                .expectNoEvents();
        fixture.given(started(RUN, null), event)
                .when(new dev.provenant.messages.run.RecordRunExecutionCommand(
                        RunId.parse(RUN), true, Sha256Digest.parse(D2), List.of(), List.of(), List.of(), 1, 2, 300))
                .expectException(CommandExecutionException.class);
    }

    @Test
    void givenFinished_whenExecutionObserved_thenConflict() {
        fixture.given(started(RUN, null), new RunCompletedEvent(RunId.parse(RUN), 0, 5))
                .when(new dev.provenant.messages.run.RecordRunExecutionCommand(
                        RunId.parse(RUN), false, Sha256Digest.parse(D2), List.of(), List.of(), List.of(), 0, 0, 0))
                .expectException(CommandExecutionException.class);
    }

    @Test
    void givenStarted_whenMetricPoints_thenAppendedInOrder_andARepeatedBatchKeyRecordsNothing() {
        List<MetricSeriesColumns> points = MetricSeriesColumns.of(List.of(
                new MetricPoint("loss", 0.9, 0L, null),
                new MetricPoint("loss", 0.5, 1L, null),
                new MetricPoint("loss", 0.3, 2L, null)));
        fixture.given(started(RUN, null))
                .when(new RecordRunMetricPointsCommand(RunId.parse(RUN), points, "b1", 100))
                .expectEvents(new RunMetricPointsRecordedEvent(RunId.parse(RUN), points, "b1"));
        fixture.given(started(RUN, null), new RunMetricPointsRecordedEvent(RunId.parse(RUN), points, "b1"))
                .when(new RecordRunMetricPointsCommand(RunId.parse(RUN), points, "b1", 100))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        // without a key, a resend is new points
        fixture.given(started(RUN, null), new RunMetricPointsRecordedEvent(RunId.parse(RUN), points, null))
                .when(new RecordRunMetricPointsCommand(RunId.parse(RUN), points, null, 100))
                .expectEvents(new RunMetricPointsRecordedEvent(RunId.parse(RUN), points, null));
    }

    @Test
    void givenARunNearItsPointCap_whenMorePoints_thenRefusedNamingTheCap() {
        List<MetricSeriesColumns> two = List.of(new MetricSeriesColumns("a", List.of(1.0, 2.0), List.of(0L, 1L), null));
        fixture.given(started(RUN, null), new RunMetricPointsRecordedEvent(RunId.parse(RUN), two, null))
                .when(new RecordRunMetricPointsCommand(RunId.parse(RUN), two, null, 3))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("more than the 3"),
                        org.hamcrest.Matchers.containsString("provenant.limits.max-metric-points-per-run")));
        fixture.given(started(RUN, null), new RunCompletedEvent(RunId.parse(RUN), 0, 10))
                .when(new RecordRunMetricPointsCommand(RunId.parse(RUN), two, null, 3))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("already finished"));
    }

    @Test
    void givenBadPoints_thenTheMessagesSayWhy() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MetricPoint("loss", Double.NaN, 1L, null))
                .hasMessageContaining("finite");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MetricPoint("loss", 1, -1L, null))
                .hasMessageContaining("step");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MetricPoint("l\u0000", 1, 1L, null))
                .hasMessageContaining("U+0000");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new RecordRunMetricPointsCommand(RunId.parse(RUN), List.of(), null, 10))
                .hasMessageContaining("at least one point");
        java.util.List<Double> withNull = new java.util.ArrayList<>(List.of(1.0));
        withNull.add(null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MetricSeriesColumns("loss", withNull, null, null))
                .hasMessageContaining("[1]")
                .hasMessageContaining("finite");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new MetricSeriesColumns("loss", List.of(1.0, Double.POSITIVE_INFINITY), null, null))
                .hasMessageContaining("[1]")
                .hasMessageContaining("finite");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new MetricSeriesColumns("loss", List.of(1.0, 2.0), List.of(1L), null))
                .hasMessageContaining("steps: 1 entries for 2 values");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new MetricSeriesColumns("loss", List.of(1.0), List.of(-3L), null))
                .hasMessageContaining("step must be 0 or more");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MetricSeriesColumns("loss", List.of(), null, null))
                .hasMessageContaining("at least one");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RecordRunMetricPointsCommand(
                        RunId.parse(RUN),
                        List.of(new MetricSeriesColumns("loss", List.of(1.0), null, List.of(Long.MAX_VALUE))),
                        null,
                        10))
                .hasMessageContaining("series[0][0]")
                .hasMessageContaining("years 1 to 9999");
        // consecutive points of one name make one series; the order across names is kept
        org.assertj.core.api.Assertions.assertThat(MetricSeriesColumns.of(List.of(
                        new MetricPoint("a", 1, null, null),
                        new MetricPoint("a", 2, null, null),
                        new MetricPoint("b", 3, 7L, java.time.Instant.parse("2026-01-01T00:00:00.0000015Z")),
                        new MetricPoint("a", 4, null, null))))
                .containsExactly(
                        new MetricSeriesColumns("a", List.of(1.0, 2.0), null, null),
                        new MetricSeriesColumns("b", List.of(3.0), List.of(7L), List.of(1_767_225_600_000_002L)),
                        new MetricSeriesColumns("a", List.of(4.0), null, null));
    }

    @Test
    void givenStarted_whenInputsAndParametersAddedLater_thenOnlyNewOnesAreEvents_andChangesConflict() {
        RunInput extra = new RunInput("data/extra.csv", Sha256Digest.parse(D2), 7, null);
        fixture.given(started(RUN, null))
                .when(new RecordRunInputsCommand(
                        RunId.parse(RUN),
                        List.of(new RunInput("data/train.csv", Sha256Digest.parse(D1), 100, null), extra)))
                .expectEvents(new RunInputsRecordedEvent(RunId.parse(RUN), List.of(extra)));
        fixture.given(started(RUN, null))
                .when(new RecordRunInputsCommand(
                        RunId.parse(RUN), List.of(new RunInput("data/train.csv", Sha256Digest.parse(D2), 100, null))))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("inputs are immutable"));
        fixture.given(started(RUN, null))
                .when(new RecordRunParametersCommand(RunId.parse(RUN), Map.of("seed", "42", "lr", "0.1")))
                .expectEvents(
                        new RunParametersRecordedEvent(RunId.parse(RUN), new java.util.TreeMap<>(Map.of("lr", "0.1"))));
        fixture.given(started(RUN, null), new RunParametersRecordedEvent(RunId.parse(RUN), Map.of("lr", "0.1")))
                .when(new RecordRunParametersCommand(RunId.parse(RUN), Map.of("lr", "0.2")))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("parameters are immutable"));
        fixture.given(started(RUN, null), new RunCompletedEvent(RunId.parse(RUN), 0, 1))
                .when(new RecordRunParametersCommand(RunId.parse(RUN), Map.of("lr", "0.2")))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("already finished"));
    }
}
