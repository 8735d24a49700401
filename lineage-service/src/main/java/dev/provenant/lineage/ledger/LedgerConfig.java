package dev.provenant.lineage.ledger;

import java.security.PublicKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ledger in the service. The signing key ({@link LedgerKey}) comes from the application (it
 * knows where PROVENANT_HOME is). Settings: {@link LedgerProperties}.
 */
@Configuration(proxyBeanMethods = false)
public class LedgerConfig {

    @Bean
    LedgerSettings ledgerSettings(LedgerProperties properties) {
        return properties.settings();
    }

    @Bean(destroyMethod = "close")
    Ledger ledger(DataSource dataSource, LedgerKey key, LedgerSettings settings, LedgerProperties properties) {
        Map<String, PublicKey> extra = new LinkedHashMap<>();
        for (String k : properties.trustedPublicKeys()) {
            PublicKey pk = LedgerKey.publicKeyFromBase64(k);
            extra.put(LedgerKey.idOf(pk), pk);
        }
        return new Ledger(dataSource, key, settings, extra, properties.pollInterval(), Clock.systemUTC());
    }

    /** Starts the chainer once the context (and Flyway's migrations) is ready; stops it first on shutdown. */
    @Bean
    SmartLifecycle ledgerChainer(Ledger ledger) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                ledger.start();
                running = true;
            }

            @Override
            public void stop() {
                ledger.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
