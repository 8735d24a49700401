package dev.provenant.lineage.ledger;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hash-chained ledger ({@code provenant.ledger.*}).
 *
 * @param privateKey the Ed25519 signing key: a path to a PEM file, a PEM text or base64 PKCS#8;
 *     empty: {@code PROVENANT_HOME/ledger-key}, created on first start. Every instance of a
 *     cluster must sign with the same key ({@code PROVENANT_LEDGER_PRIVATE_KEY})
 * @param trustedPublicKeys base64 X.509 public keys of earlier signing keys whose checkpoints
 *     still verify after a key rotation (comma-separated)
 * @param checkpointEvery sign a checkpoint after this many newly chained events
 * @param checkpointInterval ... or after this long, when anything new was chained
 * @param gapGrace how long a gap in the global index may hold the chain back before the chainer
 *     passes it (and records it, so that a late commit into it is still chained)
 * @param gapRetention how long a passed gap stays open for late commits
 * @param dutyCycle the largest share of time the background chainer may work while it catches up
 *     (0 < d <= 1)
 * @param batchSize events read per chaining transaction
 * @param pollInterval how often the chainer looks for new events
 */
@ConfigurationProperties(prefix = "provenant.ledger")
public record LedgerProperties(
        @DefaultValue("") String privateKey,
        @DefaultValue List<String> trustedPublicKeys,
        @DefaultValue("1000") int checkpointEvery,
        @DefaultValue("60s") Duration checkpointInterval,
        @DefaultValue("2s") Duration gapGrace,
        @DefaultValue("24h") Duration gapRetention,
        @DefaultValue("0.10") double dutyCycle,
        @DefaultValue("2000") int batchSize,
        @DefaultValue("500ms") Duration pollInterval) {

    public LedgerProperties {
        trustedPublicKeys = trustedPublicKeys == null
                ? List.of()
                : trustedPublicKeys.stream()
                        .filter(k -> !k.isBlank())
                        .map(String::trim)
                        .toList();
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("provenant.ledger.poll-interval must be positive, was " + pollInterval);
        }
        settings(checkpointEvery, checkpointInterval, gapGrace, gapRetention, batchSize, dutyCycle);
    }

    /** How the chainer works, checked. */
    public LedgerSettings settings() {
        return settings(checkpointEvery, checkpointInterval, gapGrace, gapRetention, batchSize, dutyCycle);
    }

    private static LedgerSettings settings(
            int every, Duration interval, Duration grace, Duration retention, int batch, double duty) {
        try {
            return new LedgerSettings(every, interval, grace, retention, batch, duty);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provenant.ledger: " + e.getMessage());
        }
    }
}
