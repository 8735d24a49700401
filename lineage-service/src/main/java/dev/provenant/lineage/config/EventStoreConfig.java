package dev.provenant.lineage.config;

import java.util.stream.Stream;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JDBC event store engine, as Axon's Spring Boot auto-configuration builds it, except that it
 * does not read the snapshot table when it loads an aggregate.
 *
 * <p>No Provenant aggregate takes snapshots (none declares a snapshot trigger), so that table is
 * always empty, yet Axon queried it before every aggregate load: one of the three statements of
 * every command (docs/profiles/README.md, "Append through commands"). Skipping it is correct
 * whatever the table holds: a snapshot only shortens the replay of an aggregate's events, and
 * every event stays in {@code domainevententry}, so the aggregate is rebuilt from all of them to
 * the same state. Should an aggregate ever take snapshots, this override has to go with it.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfig {

    /** {@link JdbcEventStorageEngine} whose snapshot reads find nothing without asking the database. */
    static final class SnapshotlessJdbcEventStorageEngine extends JdbcEventStorageEngine {

        SnapshotlessJdbcEventStorageEngine(JdbcEventStorageEngine.Builder builder) {
            super(builder);
        }

        @Override
        protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
            return Stream.empty();
        }
    }

    @Bean
    EventStorageEngine eventStorageEngine(
            Serializer defaultSerializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            org.axonframework.config.Configuration configuration,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager) {
        // the same settings as org.axonframework.springboot.autoconfig.JdbcAutoConfiguration (which
        // backs off, its EventSchema bean included, when an engine is declared)
        return new SnapshotlessJdbcEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema())); // Axon's default table and column names (V1__event_store.sql)
    }
}
