package dev.provenant.lineage.run.lease;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The leases of running runs (table {@code run_lease}): operational state beside the events. A
 * recorder takes its run's lease when it starts the run and renews it while the command runs; a
 * lease that runs out makes the sweeper close the run with a {@code RunAbandonedEvent}. Times come
 * from the database's clock, so several server instances agree on them.
 */
@Component
public class RunLeases {

    /** A lease as stored. */
    public record Lease(String runId, String principal, Instant lastHeartbeat, Instant expiresAt, long leaseSeconds) {}

    private final JdbcTemplate jdbc;

    public RunLeases(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes or renews the lease of a run for {@code lease} from now; returns it. */
    public Lease renew(String runId, String principal, Duration lease) {
        long seconds = Math.max(1, lease.toSeconds());
        return jdbc.queryForObject(
                "INSERT INTO run_lease (run_id, principal, last_heartbeat, expires_at, lease_seconds)"
                        + " VALUES (?, ?, now(), now() + make_interval(secs => ?), ?)"
                        + " ON CONFLICT (run_id) DO UPDATE SET last_heartbeat = now(),"
                        + " expires_at = now() + make_interval(secs => EXCLUDED.lease_seconds),"
                        + " lease_seconds = EXCLUDED.lease_seconds"
                        + " RETURNING run_id, principal, last_heartbeat, expires_at, lease_seconds",
                (rs, i) -> lease(rs),
                runId,
                principal,
                (double) seconds,
                seconds);
    }

    public Optional<Lease> find(String runId) {
        return jdbc
                .query(
                        "SELECT run_id, principal, last_heartbeat, expires_at, lease_seconds FROM run_lease"
                                + " WHERE run_id = ?",
                        (rs, i) -> lease(rs),
                        runId)
                .stream()
                .findFirst();
    }

    /** Leases that ran out, oldest first. */
    public List<Lease> expired(int limit) {
        return jdbc.query(
                "SELECT run_id, principal, last_heartbeat, expires_at, lease_seconds FROM run_lease"
                        + " WHERE expires_at < now() ORDER BY expires_at LIMIT ?",
                (rs, i) -> lease(rs),
                limit);
    }

    /** Drops a run's lease (the run finished, or the sweeper closed it). */
    public void release(String runId) {
        jdbc.update("DELETE FROM run_lease WHERE run_id = ?", runId);
    }

    /**
     * Drops a lease only if it is still expired (a renewal that came in meanwhile keeps it): what the
     * sweeper does after closing the run.
     */
    public void releaseIfExpired(String runId) {
        jdbc.update("DELETE FROM run_lease WHERE run_id = ? AND expires_at < now()", runId);
    }

    /**
     * After a server start: no lease runs out before its recorder had a whole lease to reach the
     * server again (recorders could not renew while the server was down).
     */
    public int graceAfterStart() {
        return jdbc.update("UPDATE run_lease SET expires_at = greatest(expires_at, now() + make_interval(secs =>"
                + " lease_seconds))");
    }

    private static Lease lease(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp last = rs.getTimestamp("last_heartbeat");
        Timestamp expires = rs.getTimestamp("expires_at");
        return new Lease(
                rs.getString("run_id"),
                rs.getString("principal"),
                last.toInstant(),
                expires.toInstant(),
                rs.getLong("lease_seconds"));
    }
}
