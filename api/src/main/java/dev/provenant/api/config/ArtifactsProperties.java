package dev.provenant.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Artifact bytes over HTTP ({@code provenant.artifacts.*}).
 *
 * @param maxUploadBytes largest body of {@code PUT /api/artifacts/sha256:…} in bytes; a larger one
 *     is refused with 413 and nothing is stored
 */
@ConfigurationProperties(prefix = "provenant.artifacts")
public record ArtifactsProperties(
        @DefaultValue("10737418240") long maxUploadBytes) {

    public ArtifactsProperties {
        Settings.atLeast("provenant.artifacts.max-upload-bytes", maxUploadBytes, 1);
    }
}
