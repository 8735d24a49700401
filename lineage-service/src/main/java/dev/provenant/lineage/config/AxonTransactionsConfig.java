package dev.provenant.lineage.config;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Gives Axon Spring's transaction manager, so a command's statements are one database transaction
 * and a processor's batch commits with its token (or not at all).
 *
 * <p>Axon's own auto-configuration would do this, but it is ordered after a Spring Boot 3 class
 * that moved in Boot 4, so its condition never sees the {@link PlatformTransactionManager} and Axon
 * fell back to its {@code NoTransactionManager}: every statement committed on its own, and a
 * processor stored its token at prepare-commit <em>before</em> the lineage projection wrote the
 * batch's rows — a write the database refused was then skipped for good (LineageBatchFaultIT).
 */
@Configuration(proxyBeanMethods = false)
public class AxonTransactionsConfig {

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new SpringTransactionManager(transactions);
    }
}
