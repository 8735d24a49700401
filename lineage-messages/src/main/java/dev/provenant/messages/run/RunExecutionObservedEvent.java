package dev.provenant.messages.run;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * What was observed while a run's command executed, beyond its declared inputs and outputs: the
 * digest of its environment variables document ({@code variablesDigest}: a stored JSON object of
 * every variable the command got, secret-looking names' values replaced by their digest), and,
 * when it ran traced ({@code traced}), the files it read without declaring them, the paths it
 * wrote outside its declared outputs, the files it tried to read that did not exist, and how many
 * reads were of declared inputs, code and system files.
 */
@Revision("1")
public record RunExecutionObservedEvent(
        RunId runId,
        boolean traced,
        String variablesDigest,
        List<TracedRead> undeclaredReads,
        List<String> undeclaredWrites,
        List<String> missingReads,
        int declaredReads,
        int codeReads,
        int systemReads) {

    public RunExecutionObservedEvent {
        undeclaredReads = undeclaredReads == null ? List.of() : undeclaredReads;
        undeclaredWrites = undeclaredWrites == null ? List.of() : undeclaredWrites;
        missingReads = missingReads == null ? List.of() : missingReads;
    }
}
