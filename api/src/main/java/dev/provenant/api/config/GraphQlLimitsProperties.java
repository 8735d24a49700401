package dev.provenant.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on one GraphQL query, checked before it runs ({@code provenant.graphql.*}).
 *
 * @param maxDepth deepest selection nesting
 * @param maxComplexity largest complexity (fields weighted by list sizes)
 * @param maxAliases most aliases in one document
 */
@ConfigurationProperties(prefix = "provenant.graphql")
public record GraphQlLimitsProperties(
        @DefaultValue("15") int maxDepth,
        @DefaultValue("2000") int maxComplexity,
        @DefaultValue("50") int maxAliases) {

    public GraphQlLimitsProperties {
        Settings.atLeast("provenant.graphql.max-depth", maxDepth, 5);
        Settings.atLeast("provenant.graphql.max-complexity", maxComplexity, 10);
        Settings.atLeast("provenant.graphql.max-aliases", maxAliases, 1);
    }
}
