package dev.provenant.api.ops;

import dev.provenant.lineage.ledger.Ledger;
import dev.provenant.messages.ledger.LedgerHead;
import dev.provenant.messages.ledger.LedgerVerification;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code ledger} in the health endpoint: the chain head (events chained so far, the newest chained
 * event's position, when the chainer last advanced), the events still waiting to be chained and the
 * latest verification's time and outcome with its first problem (details for admins only, as for
 * every component). DOWN only when the ledger cannot be read. A failed verification is an integrity
 * finding, not an outage: the component stays UP (taking every instance out of a load balancer
 * would hide the evidence) and says {@code integrity: BROKEN}; alert on the gauge {@code
 * provenant_ledger_verification_ok == 0}.
 */
@Component
public class LedgerHealthIndicator implements HealthIndicator {

    private final Ledger ledger;
    private final JdbcTemplate jdbc;

    public LedgerHealthIndicator(Ledger ledger, JdbcTemplate jdbc) {
        this.ledger = ledger;
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        LedgerHead head = ledger.head();
        Optional<LedgerVerification> last = ledger.lastVerification();
        Health.Builder health = Health.up();
        health.withDetail(
                        "integrity",
                        last.map(v -> v.ok() ? "VERIFIED" : "BROKEN").orElse("NOT_VERIFIED"))
                .withDetail("chainLength", head.length())
                .withDetail("headPosition", head.position())
                .withDetail("unchainedEvents", unchained(head))
                .withDetail("chainAdvancedAt", head.updatedAt().toString());
        last.ifPresentOrElse(
                v -> {
                    health.withDetail("lastVerification", v.finishedAt().toString())
                            .withDetail("lastVerificationOk", v.ok())
                            .withDetail("pendingEventsAtVerification", v.pendingEvents());
                    if (!v.ok() && v.firstProblem() != null) {
                        health.withDetail(
                                "firstProblem",
                                v.firstProblem().kind() + " " + v.firstProblem().detail()
                                        + " (run `provenant verify` for the full list)");
                    }
                },
                () -> health.withDetail("lastVerification", "never (run `provenant verify`)"));
        return health.build();
    }

    /** Events after the chain head (by global index: an upper bound when the sequence has gaps). */
    private long unchained(LedgerHead head) {
        Long newest = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        return newest == null ? 0 : Math.max(0, newest - head.position());
    }
}
