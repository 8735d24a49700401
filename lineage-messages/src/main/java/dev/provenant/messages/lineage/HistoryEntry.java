package dev.provenant.messages.lineage;

import dev.provenant.messages.common.AggregateId;
import dev.provenant.messages.common.EventId;
import java.time.Instant;

/** One event as stored in the event store, with who and when. */
public record HistoryEntry(
        long position,
        EventId eventId,
        AggregateId aggregateId,
        long sequenceNumber,
        String type,
        String revision,
        String principal,
        Instant timestamp,
        String payloadJson) {}
