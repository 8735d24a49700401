package dev.provenant.messages.lineage;

import dev.provenant.messages.run.RunId;
import java.time.Instant;

/**
 * A run seen as a confirmation.
 *
 * @param of the run it replayed or reused (null for {@link ConfirmationKind#REEXECUTION})
 * @param verdict the replay's verdict by name (IDENTICAL, DIFFERENT, FAILED, ...), null when not a
 *     replay or not recorded by the time asked
 */
public record ConfirmingRun(RunId runId, ConfirmationKind kind, RunId of, String verdict, Instant startedAt) {}
