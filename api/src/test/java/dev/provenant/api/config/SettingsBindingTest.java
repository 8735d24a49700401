package dev.provenant.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.lineage.ledger.LedgerProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Settings bind as the server binds them: defaults when unset, a named refusal when out of range. */
class SettingsBindingTest {

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, type);
    }

    @Test
    void givenNothingSet_thenTheDocumentedDefaults() {
        DatabaseProperties db = bind("provenant.db", DatabaseProperties.class, Map.of());
        assertThat(db.poolSize()).isEqualTo(10);
        assertThat(db.user()).isEqualTo("postgres");
        assertThat(db.external()).isFalse();
        ReplayProperties replay = bind("provenant.replay", ReplayProperties.class, Map.of());
        assertThat(replay.serverSide().enabled()).isEqualTo("auto");
        assertThat(replay.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(bind("provenant.ledger", LedgerProperties.class, Map.of()).trustedPublicKeys())
                .isEmpty();
    }

    @Test
    void givenCommaSeparatedLists_thenEachItemTrimmed() {
        SecurityProperties s = bind(
                "provenant.security",
                SecurityProperties.class,
                Map.of("provenant.security.allowed-hosts", "a.example, b.example"));
        assertThat(s.allowedHosts()).containsExactly("a.example", "b.example");
    }

    @Test
    void givenAValueOutOfRange_thenTheStartIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> bind("provenant.db", DatabaseProperties.class, Map.of("provenant.db.pool-size", "0")))
                .rootCause()
                .hasMessage("provenant.db.pool-size must be at least 1, was 0");
        assertThatThrownBy(() -> bind(
                        "provenant.limits",
                        LimitsProperties.class,
                        Map.of("provenant.limits.max-inputs-per-run", "-5")))
                .rootCause()
                .hasMessageContaining("provenant.limits.max-inputs-per-run must be at least 1");
        assertThatThrownBy(() ->
                        bind("provenant.ledger", LedgerProperties.class, Map.of("provenant.ledger.duty-cycle", "1.5")))
                .rootCause()
                .hasMessageContaining("provenant.ledger:")
                .hasMessageContaining("dutyCycle");
        assertThatThrownBy(() ->
                        bind("provenant.replay", ReplayProperties.class, Map.of("provenant.replay.timeout", "0s")))
                .rootCause()
                .hasMessage("provenant.replay.timeout must be positive, was PT0S");
    }
}
