package dev.provenant.messages.dataset;

import dev.provenant.messages.common.Sha256Digest;
import java.time.Instant;

/**
 * Read model of a dataset version as answered by queries.
 *
 * @param eventPosition global position in the event stream of the event that created this row
 */
public record DatasetVersionView(
        DatasetVersionId id,
        String name,
        String version,
        Sha256Digest contentDigest,
        long sizeBytes,
        String sourceUri,
        String description,
        String schema,
        String registeredBy,
        Instant registeredAt,
        long eventPosition) {}
