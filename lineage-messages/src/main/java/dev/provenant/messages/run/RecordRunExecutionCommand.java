package dev.provenant.messages.run;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.common.TextRules;
import java.util.List;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records what was observed while a running run executed (see {@link RunExecutionObservedEvent}).
 * At most {@link #MAX_PATHS} paths per list; digests are typed ({@code sha256:<hex>}, parsed where
 * the text entered), {@code variablesDigest} may be null, every undeclared read has a digest.
 */
public record RecordRunExecutionCommand(
        @TargetAggregateIdentifier RunId runId,
        boolean traced,
        Sha256Digest variablesDigest,
        List<TracedRead> undeclaredReads,
        List<String> undeclaredWrites,
        List<String> missingReads,
        int declaredReads,
        int codeReads,
        int systemReads) {

    /** Paths per list: a step touching more than this undeclared is named by its first ones. */
    public static final int MAX_PATHS = 10_000;

    public RecordRunExecutionCommand {
        Objects.requireNonNull(runId, "runId");
        undeclaredReads = undeclaredReads == null ? List.of() : List.copyOf(undeclaredReads);
        undeclaredWrites = undeclaredWrites == null ? List.of() : List.copyOf(undeclaredWrites);
        missingReads = missingReads == null ? List.of() : List.copyOf(missingReads);
        if (undeclaredReads.size() > MAX_PATHS
                || undeclaredWrites.size() > MAX_PATHS
                || missingReads.size() > MAX_PATHS) {
            throw new IllegalArgumentException("at most " + MAX_PATHS + " paths per list");
        }
        for (int i = 0; i < undeclaredReads.size(); i++) {
            TracedRead r = undeclaredReads.get(i);
            if (r == null) {
                throw new IllegalArgumentException("undeclaredReads[" + i + "] is missing");
            }
            TextRules.requireName("undeclaredReads[" + i + "].path", r.path(), TextRules.NAME_MAX * 4);
            if (r.digest() == null) {
                throw new IllegalArgumentException("undeclaredReads[" + i + "].digest is required");
            }
            if (r.invalidDigest() != null) {
                throw new IllegalArgumentException("undeclaredReads[" + i
                        + "].invalidDigest is only for events stored before digests were checked; send digest");
            }
            if (r.sizeBytes() < 0) {
                throw new IllegalArgumentException("undeclaredReads[" + i + "].sizeBytes cannot be negative");
            }
        }
        for (int i = 0; i < undeclaredWrites.size(); i++) {
            TextRules.requireName("undeclaredWrites[" + i + "]", undeclaredWrites.get(i), TextRules.NAME_MAX * 4);
        }
        for (int i = 0; i < missingReads.size(); i++) {
            TextRules.requireName("missingReads[" + i + "]", missingReads.get(i), TextRules.NAME_MAX * 4);
        }
        if (declaredReads < 0 || codeReads < 0 || systemReads < 0) {
            throw new IllegalArgumentException("read counts cannot be negative");
        }
    }
}
