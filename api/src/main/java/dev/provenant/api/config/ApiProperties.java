package dev.provenant.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The GraphQL endpoint ({@code provenant.api.*}).
 *
 * @param maxGraphqlRequestBytes largest GraphQL request body in bytes; a larger one is refused
 *     with 413 before it is read when its length is declared
 */
@ConfigurationProperties(prefix = "provenant.api")
public record ApiProperties(@DefaultValue("1048576") long maxGraphqlRequestBytes) {

    public ApiProperties {
        Settings.atLeast("provenant.api.max-graphql-request-bytes", maxGraphqlRequestBytes, 1024);
    }
}
