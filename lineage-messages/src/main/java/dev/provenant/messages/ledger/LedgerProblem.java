package dev.provenant.messages.ledger;

import dev.provenant.messages.common.EventId;
import dev.provenant.messages.common.Sha256Digest;

/**
 * One thing verification found wrong.
 *
 * @param kind what is wrong
 * @param position global index of the event concerned, if any
 * @param eventId identifier of the event concerned, if any
 * @param artifact the digest of the artifact concerned, if any
 * @param checkpoint the sequence number of the checkpoint concerned, if any
 * @param detail what differs, in words
 */
public record LedgerProblem(
        Kind kind, Long position, EventId eventId, Sha256Digest artifact, Long checkpoint, String detail) {

    /** The artifact digest or checkpoint concerned, as text ({@code checkpoint 10}), or null. */
    public String object() {
        if (artifact != null) {
            return artifact.toString();
        }
        return checkpoint == null ? null : "checkpoint " + checkpoint;
    }

    /** Kinds of problems, from the event store to the artifacts. */
    public enum Kind {
        /** An event's stored bytes no longer hash to its chain entry (payload, metadata, ... edited). */
        EVENT_CHANGED,
        /** The chain has an entry for a position whose event row is gone (deleted). */
        EVENT_MISSING,
        /** The row at a position is a different event than the one chained there (rows moved or swapped). */
        EVENT_REPLACED,
        /** An event sits below the chain's cursor but was never chained (inserted after the fact). */
        EVENT_UNCHAINED,
        /** The chain itself is inconsistent: a link, the sequence or the head does not match. */
        CHAIN_BROKEN,
        /** A checkpoint's head does not match the chain, or the chain is shorter than it. */
        CHECKPOINT_MISMATCH,
        /** A checkpoint's signature is invalid or made with an untrusted key. */
        CHECKPOINT_SIGNATURE,
        /** A referenced artifact's bytes do not hash to its digest. */
        ARTIFACT_CORRUPT,
        /** A referenced artifact is not in the artifact store. */
        ARTIFACT_MISSING,
        /** The artifact store could not be read. */
        ARTIFACT_UNAVAILABLE
    }
}
