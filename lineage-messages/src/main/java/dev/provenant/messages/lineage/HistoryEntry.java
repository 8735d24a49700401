package dev.provenant.messages.lineage;

import java.time.Instant;

/** One event as stored in the event store, with who and when. */
public record HistoryEntry(
        long position,
        String eventId,
        String aggregateId,
        long sequenceNumber,
        String type,
        String revision,
        String principal,
        Instant timestamp,
        String payloadJson) {}
