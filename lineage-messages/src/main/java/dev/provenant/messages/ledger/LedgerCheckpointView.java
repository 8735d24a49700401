package dev.provenant.messages.ledger;

import dev.provenant.messages.common.Sha256Digest;
import java.time.Instant;

/**
 * A signed checkpoint of the chain head, as stored and exported.
 *
 * @param length chain length covered (the head entry's {@code seq})
 * @param position global index of the head entry's event
 * @param headHash {@code sha256:<hex>} of the head entry
 * @param signedAt when it was signed
 * @param keyId id of the Ed25519 key that signed it ({@code ed25519:<16 hex>})
 * @param signature base64 Ed25519 signature of {@code signedText}
 * @param signedText the exact UTF-8 text that was signed
 */
public record LedgerCheckpointView(
        long length,
        long position,
        Sha256Digest headHash,
        Instant signedAt,
        LedgerKeyId keyId,
        String signature,
        String signedText) {}
