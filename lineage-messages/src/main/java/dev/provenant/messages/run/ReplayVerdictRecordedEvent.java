package dev.provenant.messages.run;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The verdict of replaying {@code replayOf} as run {@code runId}: the differing outputs and
 * metrics (those within tolerance flagged), the environment drift found before replaying, and
 * how many outputs and metrics were compared.
 *
 * <p>Revision 2 added {@code metricDifferences}, {@code comparedOutputs} and {@code
 * comparedMetrics}; revision 1 payloads are upcast with an empty list and null counts (not
 * recorded then). Revision 3 added {@code causes}, the likely causes of a verdict other than
 * IDENTICAL, likeliest first; revision 2 payloads are upcast with an empty list (none named then).
 * Revision 4 carries the differences' digests typed ({@link OutputDifference}); its JSON is that of
 * revision 3 for every value that is a digest. Revisions 1–3 accepted any text there, so revision 3
 * payloads are upcast: an {@code originalDigest} or {@code replayDigest} that is not {@code
 * sha256:<hex>} becomes null, its text kept in {@code invalidOriginalDigest} or {@code
 * invalidReplayDigest}; valid values and nulls pass unchanged.
 */
@Revision("4")
public record ReplayVerdictRecordedEvent(
        RunId runId,
        RunId replayOf,
        Verdict verdict,
        List<OutputDifference> differences,
        List<String> environmentDrift,
        List<MetricDifference> metricDifferences,
        Integer comparedOutputs,
        Integer comparedMetrics,
        List<VerdictCause> causes) {

    public ReplayVerdictRecordedEvent {
        causes = causes == null ? List.of() : causes;
        differences = differences == null ? List.of() : differences;
        environmentDrift = environmentDrift == null ? List.of() : environmentDrift;
        metricDifferences = metricDifferences == null ? List.of() : metricDifferences;
    }

    /** A verdict with no metric differences and unknown counts (the revision 1 shape). */
    public ReplayVerdictRecordedEvent(
            RunId runId,
            RunId replayOf,
            Verdict verdict,
            List<OutputDifference> differences,
            List<String> environmentDrift) {
        this(runId, replayOf, verdict, differences, environmentDrift, List.of(), null, null, List.of());
    }

    /** A verdict without causes (the revision 2 shape). */
    public ReplayVerdictRecordedEvent(
            RunId runId,
            RunId replayOf,
            Verdict verdict,
            List<OutputDifference> differences,
            List<String> environmentDrift,
            List<MetricDifference> metricDifferences,
            Integer comparedOutputs,
            Integer comparedMetrics) {
        this(
                runId,
                replayOf,
                verdict,
                differences,
                environmentDrift,
                metricDifferences,
                comparedOutputs,
                comparedMetrics,
                List.of());
    }
}
