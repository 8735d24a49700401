package dev.provenant.messages.run;

import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A run's end with its outputs and metrics, in one command and one transaction: the same events
 * as {@link RecordRunOutputsCommand}, {@link RecordRunMetricsCommand} and {@link FinishRunCommand}
 * sent one after the other (and the same rules: a resend records nothing; an output or metric that
 * contradicts a recorded one is a conflict and nothing of this command is recorded).
 */
public record FinishRunWithResultsCommand(
        @TargetAggregateIdentifier RunId runId,
        List<RunOutput> outputs,
        Map<String, Double> metrics,
        int exitCode,
        long durationMillis,
        String failureReason) {

    public FinishRunWithResultsCommand {
        // each part checks its own rules (names, digests, finite values, limits)
        RecordRunOutputsCommand o = new RecordRunOutputsCommand(runId, outputs);
        RecordRunMetricsCommand m = new RecordRunMetricsCommand(runId, metrics);
        FinishRunCommand f = new FinishRunCommand(runId, exitCode, durationMillis, failureReason);
        runId = f.runId();
        outputs = o.outputs();
        metrics = m.metrics();
        failureReason = f.failureReason();
    }

    public RecordRunOutputsCommand outputsCommand() {
        return new RecordRunOutputsCommand(runId, outputs);
    }

    public RecordRunMetricsCommand metricsCommand() {
        return new RecordRunMetricsCommand(runId, metrics);
    }

    public FinishRunCommand finishCommand() {
        return new FinishRunCommand(runId, exitCode, durationMillis, failureReason);
    }
}
