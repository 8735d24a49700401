package dev.provenant.lineage.ledger;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ledger in the service. The signing key ({@link LedgerKey}) comes from the application (it
 * knows where PROVENANT_HOME is). Settings: {@code provenant.ledger.checkpoint-every} (1000),
 * {@code .checkpoint-interval} (60s), {@code .gap-grace} (2s), {@code .gap-retention} (24h),
 * {@code .poll-interval} (500ms), {@code .duty-cycle} (0.10: share of time the background chainer may
 * work while catching up), {@code .trusted-public-keys} (base64 X.509 keys of earlier
 * signing keys, comma-separated).
 */
@Configuration(proxyBeanMethods = false)
public class LedgerConfig {

    @Bean
    LedgerSettings ledgerSettings(
            @Value("${provenant.ledger.checkpoint-every:1000}") int every,
            @Value("${provenant.ledger.checkpoint-interval:60s}") Duration interval,
            @Value("${provenant.ledger.gap-grace:2s}") Duration grace,
            @Value("${provenant.ledger.gap-retention:24h}") Duration retention,
            @Value("${provenant.ledger.duty-cycle:0.10}") double dutyCycle) {
        return new LedgerSettings(every, interval, grace, retention, 2000, dutyCycle);
    }

    @Bean(destroyMethod = "close")
    Ledger ledger(
            DataSource dataSource,
            LedgerKey key,
            LedgerSettings settings,
            @Value("${provenant.ledger.poll-interval:500ms}") Duration poll,
            @Value("${provenant.ledger.trusted-public-keys:}") String trusted) {
        Map<String, PublicKey> extra = new LinkedHashMap<>();
        for (String k : trusted.split(",")) {
            if (!k.isBlank()) {
                PublicKey pk = LedgerKey.publicKeyFromBase64(k);
                extra.put(LedgerKey.idOf(pk), pk);
            }
        }
        return new Ledger(dataSource, key, settings, extra, poll, Clock.systemUTC());
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
