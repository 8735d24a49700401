package dev.provenant.messages.run;

import dev.provenant.messages.common.TextRules;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ends a run: exit code 0 completes it, anything else (or {@code failureReason}) fails it.
 * Finishing it again the same way records nothing; differently is a conflict.
 *
 * @param exitCode the command's exit code (negative when it was killed by a signal or never ran)
 * @param durationMillis wall time of the command
 * @param failureReason why it failed, or null
 */
public record FinishRunCommand(
        @TargetAggregateIdentifier RunId runId, int exitCode, long durationMillis, String failureReason) {
    public FinishRunCommand {
        Objects.requireNonNull(runId, "runId");
        if (durationMillis < 0) {
            throw new IllegalArgumentException("durationMillis must be >= 0");
        }
        TextRules.optionalFreeText("failureReason", failureReason, Integer.MAX_VALUE);
        if (failureReason != null && failureReason.length() > 10_000) {
            // never cut a surrogate pair in two (PostgreSQL cannot store half of one)
            int end = Character.isHighSurrogate(failureReason.charAt(9_999)) ? 9_999 : 10_000;
            failureReason = failureReason.substring(0, end);
        }
    }

    public boolean succeeded() {
        return exitCode == 0 && failureReason == null;
    }
}
