package dev.provenant.lineage.config;

import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.lock.PessimisticLockFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The in-JVM locks of the aggregates an OpenLineage batch writes (runs, dataset versions, static
 * subjects), shared so that the batch handler can hold them <em>before</em> it asks the event store
 * which of them exist: Axon's repositories take the same lock (reentrant) when they load or create
 * one, so while the batch holds it no other command of this process can create or change that
 * aggregate. Separate aggregate types have disjoint id schemes ({@code run:…}, {@code dataset:…},
 * digests); should two ids coincide they merely share a lock.
 */
@Configuration(proxyBeanMethods = false)
public class AggregateLocks {

    public static final String BEAN = "aggregateLockFactory";

    @Bean(BEAN)
    LockFactory aggregateLockFactory() {
        return PessimisticLockFactory.usingDefaults();
    }
}
