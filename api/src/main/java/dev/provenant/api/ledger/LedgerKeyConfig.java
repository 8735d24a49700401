package dev.provenant.api.ledger;

import dev.provenant.api.home.ProvenantHome;
import dev.provenant.api.startup.ProvenantStartupException;
import dev.provenant.lineage.ledger.LedgerKey;
import dev.provenant.lineage.ledger.LedgerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The checkpoint signing key: {@code provenant.ledger.private-key} ({@code
 * PROVENANT_LEDGER_PRIVATE_KEY}: a PEM PKCS#8 Ed25519 key, its base64 DER, or a file path) in
 * production; otherwise {@code PROVENANT_HOME/ledger-key}, created (mode 600) on first start.
 */
@Configuration(proxyBeanMethods = false)
public class LedgerKeyConfig {

    private static final Logger log = LoggerFactory.getLogger(LedgerKeyConfig.class);

    @Bean
    LedgerKey ledgerKey(ProvenantHome home, LedgerProperties properties) {
        String configured = properties.privateKey();
        LedgerKey key;
        try {
            key = configured == null || configured.isBlank()
                    ? LedgerKey.loadOrCreate(home.resolve("ledger-key"))
                    : LedgerKey.fromConfiguration(configured);
        } catch (RuntimeException e) {
            throw new ProvenantStartupException(
                    "Cannot load the ledger signing key: " + e.getMessage(),
                    "Set provenant.ledger.private-key (PROVENANT_LEDGER_PRIVATE_KEY) to a PKCS#8 Ed25519 key (PEM,"
                            + " base64 DER or a file path), or unset it to use PROVENANT_HOME/ledger-key.",
                    e);
        }
        log.info("Ledger checkpoints are signed with {}", key);
        return key;
    }
}
