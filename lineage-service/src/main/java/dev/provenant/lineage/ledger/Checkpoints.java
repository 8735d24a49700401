package dev.provenant.lineage.ledger;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.ledger.LedgerCheckpointView;
import dev.provenant.messages.ledger.LedgerKeyId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The text a checkpoint signature covers. Plain text, so anyone can check a checkpoint with the
 * public key and standard tools (e.g. {@code openssl pkeyutl -verify -rawin}):
 *
 * <pre>
 * provenant-ledger-checkpoint v1
 * length 1042
 * position 1051
 * head sha256:9f2c...
 * signed-at 2026-11-23T10:15:30.123Z
 * key ed25519:3a7b...
 * </pre>
 */
public final class Checkpoints {

    private Checkpoints() {}

    /** The signed text of a checkpoint (lines end with {@code \n}). */
    public static String signedText(long length, long position, String headHash, Instant signedAt, String keyId) {
        return "provenant-ledger-checkpoint v1\n"
                + "length " + length + "\n"
                + "position " + position + "\n"
                + "head " + headHash + "\n"
                + "signed-at " + signedAt + "\n"
                + "key " + keyId + "\n";
    }

    /** A checkpoint view from its stored columns. */
    static LedgerCheckpointView view(
            long length, long position, byte[] head, Instant signedAt, String keyId, byte[] signature) {
        String headHash = EventEncoding.text(head);
        return new LedgerCheckpointView(
                length,
                position,
                Sha256Digest.parse(headHash),
                signedAt,
                LedgerKeyId.parse(keyId),
                Base64.getEncoder().encodeToString(signature),
                signedText(length, position, headHash, signedAt, keyId));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
