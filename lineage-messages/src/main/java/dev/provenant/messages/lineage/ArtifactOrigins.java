package dev.provenant.messages.lineage;

import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.run.RunId;
import java.util.Map;

/** Answer to {@link ArtifactOriginsQuery}: artifact digest → the run that produced it first. */
public record ArtifactOrigins(Map<Sha256Digest, RunId> originByArtifact) {
    public ArtifactOrigins {
        originByArtifact = Map.copyOf(originByArtifact);
    }

    /** The origin run of {@code artifact}, or null if no run produced it. */
    public RunId originOf(Sha256Digest artifact) {
        return originByArtifact.get(artifact);
    }
}
