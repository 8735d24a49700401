package dev.provenant.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenLineage endpoint ({@code provenant.openlineage.*}).
 *
 * @param maxBytes largest request body (one event or a batch) in bytes; a larger one is refused
 *     with 413
 */
@ConfigurationProperties(prefix = "provenant.openlineage")
public record OpenLineageProperties(
        @DefaultValue("67108864") long maxBytes) {

    public OpenLineageProperties {
        Settings.atLeast("provenant.openlineage.max-bytes", maxBytes, 1024);
    }
}
