package dev.provenant.lineage.ledger;

/**
 * One chain entry, for proofs in reports.
 *
 * @param seq place in the chain (1-based)
 * @param position global index of the event
 * @param eventId the event's identifier
 * @param hash {@code sha256:<hex>} of the entry
 * @param intact whether the stored event still hashes to this entry
 */
public record LedgerEntryView(long seq, long position, String eventId, String hash, boolean intact) {}
