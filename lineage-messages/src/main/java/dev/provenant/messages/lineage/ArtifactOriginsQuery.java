package dev.provenant.messages.lineage;

import dev.provenant.messages.common.Sha256Digest;
import java.time.Instant;
import java.util.List;

/**
 * The origin of each artifact: the first run, in event order, that produced it, as of {@code asOf}
 * (null: now); answered with {@link ArtifactOrigins}. Artifacts no run produced are left out.
 */
public record ArtifactOriginsQuery(List<Sha256Digest> artifacts, Instant asOf) {
    public ArtifactOriginsQuery {
        artifacts = List.copyOf(artifacts);
    }
}
