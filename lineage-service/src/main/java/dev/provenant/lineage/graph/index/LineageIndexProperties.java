package dev.provenant.lineage.graph.index;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-memory lineage index ({@code provenant.lineage.index.*}).
 *
 * @param enabled answer lineage queries from memory (false: every query runs on PostgreSQL)
 * @param syncOnQuery catch the index up with the shared tables before each answer, so a client
 *     reads its own writes on any instance
 * @param pollMillis how often the index follows the shared tables between queries (ms)
 */
@ConfigurationProperties(prefix = "provenant.lineage.index")
public record LineageIndexProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("true") boolean syncOnQuery,
        @DefaultValue("1000") long pollMillis) {

    public LineageIndexProperties {
        if (pollMillis < 10) {
            throw new IllegalArgumentException(
                    "provenant.lineage.index.poll-millis must be at least 10, was " + pollMillis);
        }
    }
}
