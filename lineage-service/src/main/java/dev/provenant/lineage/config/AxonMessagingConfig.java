package dev.provenant.lineage.config;

import dev.provenant.messages.common.ProvenantMetadata;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Copies the principal of a command into the metadata of every event it produces, next to
 * Axon's own correlation and causation ids. Declaring any provider replaces Axon's default, so
 * the origin provider is declared here as well.
 */
@Configuration(proxyBeanMethods = false)
public class AxonMessagingConfig {

    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /** Cache of run aggregates (see RunAggregate); entries go when memory is needed. */
    @Bean
    org.axonframework.common.caching.Cache runAggregateCache() {
        return new org.axonframework.common.caching.WeakReferenceCache();
    }

    @Bean
    CorrelationDataProvider principalCorrelationProvider() {
        return new SimpleCorrelationDataProvider(ProvenantMetadata.PRINCIPAL);
    }
}
