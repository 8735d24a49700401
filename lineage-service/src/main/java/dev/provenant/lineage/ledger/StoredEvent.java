package dev.provenant.lineage.ledger;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of {@code domainevententry} exactly as stored: text columns as the bytes PostgreSQL sent
 * (UTF-8), never re-serialized, so the hash covers what is on disk.
 */
public record StoredEvent(
        long position,
        byte[] eventId,
        byte[] aggregateId,
        long sequenceNumber,
        byte[] aggregateType,
        byte[] payloadType,
        byte[] payloadRevision,
        byte[] payload,
        byte[] metadata,
        byte[] timestamp) {

    /** The columns {@link #read} expects, in order, for {@code SELECT <COLUMNS> FROM domainevententry}. */
    public static final String COLUMNS = "globalindex, eventidentifier, aggregateidentifier, sequencenumber, type,"
            + " payloadtype, payloadrevision, payload, metadata, timestamp";

    /** Reads the row at the cursor, starting at column {@code first} (1-based) in {@link #COLUMNS} order. */
    public static StoredEvent read(ResultSet rs, int first) throws SQLException {
        return new StoredEvent(
                rs.getLong(first),
                rs.getBytes(first + 1),
                rs.getBytes(first + 2),
                rs.getLong(first + 3),
                rs.getBytes(first + 4),
                rs.getBytes(first + 5),
                rs.getBytes(first + 6),
                rs.getBytes(first + 7),
                rs.getBytes(first + 8),
                rs.getBytes(first + 9));
    }

    /** The event identifier as text. */
    public String eventIdText() {
        return new String(eventId, StandardCharsets.UTF_8);
    }

    /** The payload type as text (a Java class name). */
    public String payloadTypeText() {
        return new String(payloadType, StandardCharsets.UTF_8);
    }
}
