package dev.provenant.lineage.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The canonical encoding of an event for the hash chain, and the chain step.
 *
 * <pre>
 *   entry hash = SHA-256( prev hash (32 bytes)
 *                       ‖ 0x01                                   encoding version
 *                       ‖ position                               8 bytes, big-endian
 *                       ‖ field(eventidentifier) ‖ field(aggregateidentifier)
 *                       ‖ sequencenumber                         8 bytes, big-endian
 *                       ‖ field(type) ‖ field(payloadtype) ‖ field(payloadrevision)
 *                       ‖ field(payload) ‖ field(metadata) ‖ field(timestamp) )
 *   field(x)   = length of x as 4 bytes big-endian ‖ x      (length -1 and no bytes for SQL NULL)
 * </pre>
 *
 * Text columns are their stored UTF-8 bytes; payload and metadata their stored bytes. Nothing is
 * parsed or re-serialized, so the hash is independent of JSON formatting and of Java classes.
 */
public final class EventEncoding {

    /** The hash before the first entry. */
    public static final byte[] GENESIS = new byte[32];

    static final byte VERSION = 1;

    /** Names of the fields with a diagnostic CRC, in {@link #fieldCrcs} order. */
    public static final List<String> FIELDS = List.of(
            "eventidentifier",
            "aggregateidentifier",
            "sequencenumber",
            "type",
            "payloadtype",
            "payloadrevision",
            "payload",
            "metadata",
            "timestamp");

    private static final HexFormat HEX = HexFormat.of();

    private EventEncoding() {}

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /**
     * The chain step: the hash of the entry for {@code e} after {@code prev}.
     *
     * <p>{@code byte[] h = EventEncoding.chain(EventEncoding.sha256(), EventEncoding.GENESIS, event);}
     */
    public static byte[] chain(MessageDigest md, byte[] prev, StoredEvent e) {
        byte[] scratch = new byte[8];
        md.reset();
        md.update(prev);
        md.update(VERSION);
        putLong(md, scratch, e.position());
        field(md, scratch, e.eventId());
        field(md, scratch, e.aggregateId());
        putLong(md, scratch, e.sequenceNumber());
        field(md, scratch, e.aggregateType());
        field(md, scratch, e.payloadType());
        field(md, scratch, e.payloadRevision());
        field(md, scratch, e.payload());
        field(md, scratch, e.metadata());
        field(md, scratch, e.timestamp());
        return md.digest();
    }

    /**
     * CRC32C of each field (4 bytes each, {@link #FIELDS} order). Stored next to the hash only so
     * verify can name what changed; the hash is the proof.
     */
    public static byte[] fieldCrcs(StoredEvent e) {
        byte[] out = new byte[FIELDS.size() * 4];
        byte[][] fields = fieldBytes(e);
        CRC32C crc = new CRC32C();
        for (int i = 0; i < fields.length; i++) {
            crc.reset();
            if (fields[i] == null) {
                crc.update(0xff);
            } else {
                crc.update(fields[i]);
            }
            int v = (int) crc.getValue();
            out[i * 4] = (byte) (v >>> 24);
            out[i * 4 + 1] = (byte) (v >>> 16);
            out[i * 4 + 2] = (byte) (v >>> 8);
            out[i * 4 + 3] = (byte) v;
        }
        return out;
    }

    /** Names of the fields whose CRC differs from {@code storedCrcs} (empty if none does). */
    public static List<String> changedFields(byte[] storedCrcs, StoredEvent e) {
        byte[] now = fieldCrcs(e);
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            if (storedCrcs == null
                    || storedCrcs.length != now.length
                    || !Arrays.equals(storedCrcs, i * 4, i * 4 + 4, now, i * 4, i * 4 + 4)) {
                changed.add(FIELDS.get(i));
            }
        }
        return changed;
    }

    /** {@code sha256:<hex>} of a raw hash. */
    public static String text(byte[] hash) {
        return "sha256:" + HEX.formatHex(hash);
    }

    /** The raw hash of {@code sha256:<hex>}. */
    public static byte[] parse(String text) {
        if (text == null || !text.startsWith("sha256:") || text.length() != 71) {
            throw new IllegalArgumentException("not a sha256:<64 hex> hash: '" + text + "'");
        }
        return HEX.parseHex(text.substring(7));
    }

    private static byte[][] fieldBytes(StoredEvent e) {
        return new byte[][] {
            e.eventId(),
            e.aggregateId(),
            Long.toString(e.sequenceNumber()).getBytes(StandardCharsets.US_ASCII),
            e.aggregateType(),
            e.payloadType(),
            e.payloadRevision(),
            e.payload(),
            e.metadata(),
            e.timestamp()
        };
    }

    private static void field(MessageDigest md, byte[] scratch, byte[] value) {
        int len = value == null ? -1 : value.length;
        scratch[0] = (byte) (len >>> 24);
        scratch[1] = (byte) (len >>> 16);
        scratch[2] = (byte) (len >>> 8);
        scratch[3] = (byte) len;
        md.update(scratch, 0, 4);
        if (value != null) {
            md.update(value);
        }
    }

    private static void putLong(MessageDigest md, byte[] scratch, long v) {
        for (int i = 7; i >= 0; i--) {
            scratch[i] = (byte) v;
            v >>>= 8;
        }
        md.update(scratch, 0, 8);
    }
}
