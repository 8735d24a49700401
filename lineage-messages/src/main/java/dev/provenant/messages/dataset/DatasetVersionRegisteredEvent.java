package dev.provenant.messages.dataset;

import dev.provenant.messages.common.Sha256Digest;
import org.axonframework.serialization.Revision;

/**
 * A dataset version was registered. Principal and time are in the event's metadata.
 *
 * <p>Revision 2 added {@code schema}; revision-1 payloads are upcast with {@code schema = null}
 * (see {@code DatasetVersionRegisteredEvent1To2Upcaster}).
 */
@Revision("2")
public record DatasetVersionRegisteredEvent(
        DatasetVersionId datasetVersionId,
        String name,
        String version,
        Sha256Digest contentDigest,
        long sizeBytes,
        String sourceUri,
        String description,
        String schema) {}
