package dev.provenant.messages.run;

import dev.provenant.messages.common.TextRules;
import java.util.List;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records the verdict of a replay run (a run started with {@code replayOf}): the differing outputs
 * and metrics, the environment drift, and how many outputs and metrics were compared (null:
 * not said). The verdict must agree with them: IDENTICAL and UNVERIFIED list no differences
 * (UNVERIFIED compared nothing), EQUIVALENT lists at least one and only ones within tolerance.
 */
public record RecordReplayVerdictCommand(
        @TargetAggregateIdentifier RunId runId,
        Verdict verdict,
        List<OutputDifference> differences,
        List<String> environmentDrift,
        List<MetricDifference> metricDifferences,
        Integer comparedOutputs,
        Integer comparedMetrics,
        List<VerdictCause> causes) {
    public RecordReplayVerdictCommand {
        causes = causes == null ? List.of() : List.copyOf(causes);
        if (causes.size() > 1000) {
            throw new IllegalArgumentException("at most 1000 causes");
        }
        for (int i = 0; i < causes.size(); i++) {
            VerdictCause c = causes.get(i);
            if (c == null) {
                throw new IllegalArgumentException("causes[" + i + "] is missing");
            }
            TextRules.requireName("causes[" + i + "].kind", c.kind(), 64);
            TextRules.requireFreeText("causes[" + i + "].subject", c.subject(), TextRules.NAME_MAX * 4);
            TextRules.optionalFreeText("causes[" + i + "].detail", c.detail(), 65_536);
        }
        Objects.requireNonNull(runId, "runId");
        if (verdict == null) {
            throw new IllegalArgumentException("verdict is required");
        }
        differences = differences == null ? List.of() : List.copyOf(differences);
        environmentDrift = environmentDrift == null ? List.of() : List.copyOf(environmentDrift);
        metricDifferences = metricDifferences == null ? List.of() : List.copyOf(metricDifferences);
        for (int i = 0; i < differences.size(); i++) {
            OutputDifference d = differences.get(i);
            if (d == null) {
                throw new IllegalArgumentException("differences[" + i + "] is missing");
            }
            TextRules.requireName("differences[" + i + "].name", d.name(), TextRules.NAME_MAX);
            if (d.invalidOriginalDigest() != null || d.invalidReplayDigest() != null) {
                throw new IllegalArgumentException("differences[" + i + "]: invalidOriginalDigest and"
                        + " invalidReplayDigest are only for verdicts stored before digests were checked;"
                        + " send originalDigest and replayDigest");
            }
            TextRules.optionalFreeText("differences[" + i + "].detail", d.detail(), 65_536);
        }
        for (int i = 0; i < metricDifferences.size(); i++) {
            MetricDifference d = metricDifferences.get(i);
            if (d == null) {
                throw new IllegalArgumentException("metricDifferences[" + i + "] is missing");
            }
            TextRules.requireName("metricDifferences[" + i + "].name", d.name(), TextRules.NAME_MAX);
            TextRules.optionalFreeText("metricDifferences[" + i + "].detail", d.detail(), 65_536);
            if (d.original() == null && d.replay() == null) {
                throw new IllegalArgumentException("metricDifferences[" + i
                        + "] has no value on either side; one of original, replay is required");
            }
            for (Double v : new Double[] {d.original(), d.replay()}) {
                if (v != null && !Double.isFinite(v)) {
                    throw new IllegalArgumentException("metricDifferences[" + i + "] values must be finite numbers");
                }
            }
        }
        for (int i = 0; i < environmentDrift.size(); i++) {
            TextRules.requireFreeText("environmentDrift[" + i + "]", environmentDrift.get(i), 65_536);
        }
        if (comparedOutputs != null && comparedOutputs < 0 || comparedMetrics != null && comparedMetrics < 0) {
            throw new IllegalArgumentException("comparedOutputs and comparedMetrics cannot be negative");
        }
        boolean anyDifference = !differences.isEmpty() || !metricDifferences.isEmpty();
        boolean allWithinTolerance = differences.stream().allMatch(OutputDifference::withinTolerance)
                && metricDifferences.stream().allMatch(MetricDifference::withinTolerance);
        switch (verdict) {
            case IDENTICAL -> {
                if (anyDifference) {
                    throw new IllegalArgumentException(
                            "differences and metricDifferences must be empty when the verdict is IDENTICAL");
                }
            }
            case UNVERIFIED -> {
                if (anyDifference) {
                    throw new IllegalArgumentException(
                            "differences and metricDifferences must be empty when the verdict is UNVERIFIED");
                }
                if (comparedOutputs != null && comparedOutputs > 0 || comparedMetrics != null && comparedMetrics > 0) {
                    throw new IllegalArgumentException(
                            "a verdict of UNVERIFIED means nothing was compared: comparedOutputs and comparedMetrics"
                                    + " must be 0");
                }
            }
            case EQUIVALENT -> {
                if (!anyDifference || !allWithinTolerance) {
                    throw new IllegalArgumentException("a verdict of EQUIVALENT lists at least one difference, and only"
                            + " differences within tolerance (withinTolerance: true)");
                }
            }
            default -> {
                // DIFFERENT and FAILED may list anything
            }
        }
    }

    /** A verdict with output differences only and no counts (the shape before metrics were compared). */
    public RecordReplayVerdictCommand(
            RunId runId, Verdict verdict, List<OutputDifference> differences, List<String> environmentDrift) {
        this(runId, verdict, differences, environmentDrift, List.of(), null, null, List.of());
    }

    /** A verdict without causes (the shape before cause analysis). */
    public RecordReplayVerdictCommand(
            RunId runId,
            Verdict verdict,
            List<OutputDifference> differences,
            List<String> environmentDrift,
            List<MetricDifference> metricDifferences,
            Integer comparedOutputs,
            Integer comparedMetrics) {
        this(
                runId,
                verdict,
                differences,
                environmentDrift,
                metricDifferences,
                comparedOutputs,
                comparedMetrics,
                List.of());
    }
}
