package dev.provenant.messages.ledger;

import dev.provenant.messages.common.Sha256Digest;
import java.time.Instant;

/**
 * The head of the event hash chain.
 *
 * @param length number of chained events (the {@code seq} of the head entry; 0 for an empty chain)
 * @param position global index of the head entry's event
 * @param hash {@code sha256:<hex>} of the head entry (64 zeros for an empty chain)
 * @param cursorPosition every global position up to this one is chained or a known gap
 * @param updatedAt when the chainer last advanced
 */
public record LedgerHead(long length, long position, Sha256Digest hash, long cursorPosition, Instant updatedAt) {}
