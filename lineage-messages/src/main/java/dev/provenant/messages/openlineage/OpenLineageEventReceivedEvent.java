package dev.provenant.messages.openlineage;

import dev.provenant.messages.common.Sha256Digest;
import org.axonframework.serialization.Revision;

/**
 * An OpenLineage event as received, kept verbatim (auditable), next to what Provenant made of it.
 *
 * @param subjectId the run ({@code run:<runId>}) or, for DatasetEvent/JobEvent, the aggregate it was filed under
 * @param eventDigest SHA-256 of the raw bytes: the same event sent twice is recognised
 * @param kind RunEvent, DatasetEvent or JobEvent
 * @param eventType START, RUNNING, COMPLETE, ABORT, FAIL, OTHER (RunEvent only)
 * @param eventTime the event's own eventTime, as sent
 * @param producer the producer URI
 * @param rawJson the event exactly as received
 */
@Revision("1")
public record OpenLineageEventReceivedEvent(
        OpenLineageSubjectId subjectId,
        Sha256Digest eventDigest,
        String kind,
        String eventType,
        String eventTime,
        String producer,
        String rawJson) {}
