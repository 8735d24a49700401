package dev.provenant.messages.lineage;

import java.util.Map;

/** Answer to {@link ArtifactOriginsQuery}: artifact digest → the run that produced it first. */
public record ArtifactOrigins(Map<String, String> originByArtifact) {
    public ArtifactOrigins {
        originByArtifact = Map.copyOf(originByArtifact);
    }

    /** The origin run of {@code artifact}, or null if no run produced it. */
    public String originOf(String artifact) {
        return originByArtifact.get(artifact);
    }
}
