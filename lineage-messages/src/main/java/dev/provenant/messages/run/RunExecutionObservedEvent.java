package dev.provenant.messages.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.provenant.messages.common.Sha256Digest;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * What was observed while a run's command executed, beyond its declared inputs and outputs: the
 * digest of its environment variables document ({@code variablesDigest}: a stored JSON object of
 * every variable the command got, secret-looking names' values replaced by their digest), and,
 * when it ran traced ({@code traced}), the files it read without declaring them, the paths it
 * wrote outside its declared outputs, the files it tried to read that did not exist, and how many
 * reads were of declared inputs, code and system files.
 *
 * <p>Revision 2 carries the digests typed ({@link Sha256Digest}); its JSON is that of revision 1
 * for every value that is a digest. Revision 1 accepted any short text, so its payloads are upcast:
 * a {@code variablesDigest} or an undeclared read's {@code digest} that is not {@code
 * sha256:<hex>} becomes null, its text kept in {@code invalidVariablesDigest} or the read's {@code
 * invalidDigest}; valid values pass unchanged. New events never set those (left out of the JSON).
 */
@Revision("2")
public record RunExecutionObservedEvent(
        RunId runId,
        boolean traced,
        Sha256Digest variablesDigest,
        List<TracedRead> undeclaredReads,
        List<String> undeclaredWrites,
        List<String> missingReads,
        int declaredReads,
        int codeReads,
        int systemReads,
        @JsonInclude(JsonInclude.Include.NON_NULL) String invalidVariablesDigest) {

    public RunExecutionObservedEvent {
        undeclaredReads = undeclaredReads == null ? List.of() : undeclaredReads;
        undeclaredWrites = undeclaredWrites == null ? List.of() : undeclaredWrites;
        missingReads = missingReads == null ? List.of() : missingReads;
    }

    /** An observation with checked digests (the only shape new events hold). */
    public RunExecutionObservedEvent(
            RunId runId,
            boolean traced,
            Sha256Digest variablesDigest,
            List<TracedRead> undeclaredReads,
            List<String> undeclaredWrites,
            List<String> missingReads,
            int declaredReads,
            int codeReads,
            int systemReads) {
        this(
                runId,
                traced,
                variablesDigest,
                undeclaredReads,
                undeclaredWrites,
                missingReads,
                declaredReads,
                codeReads,
                systemReads,
                null);
    }
}
