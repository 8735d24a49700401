package dev.provenant.messages.ledger;

import dev.provenant.messages.common.Sha256Digest;
import java.time.Instant;
import java.util.List;

/**
 * The result of recomputing the hash chain from the event store and checking checkpoints and
 * artifacts. {@code ok} only when no problem was found; {@code problems} lists the first ones in
 * order (events by position, then checkpoints, then artifacts).
 *
 * @param pendingEvents events not chained yet (newer than the chainer's cursor, or late commits
 *     into a recent gap); they are not problems
 */
public record LedgerVerification(
        boolean ok,
        Instant startedAt,
        Instant finishedAt,
        ArtifactsMode artifactsMode,
        long eventsChecked,
        long chainLength,
        long headPosition,
        Sha256Digest headHash,
        long pendingEvents,
        int checkpointsChecked,
        LedgerCheckpointView latestCheckpoint,
        long artifactsReferenced,
        long artifactsChecked,
        LedgerKeyId keyId,
        List<LedgerProblem> problems,
        long problemCount) {

    /** The first problem, or null when everything holds. */
    public LedgerProblem firstProblem() {
        return problems.isEmpty() ? null : problems.get(0);
    }
}
