package dev.provenant.api.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.provenant.api.AbstractGraphQlIT;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.test.context.TestPropertySource;

/**
 * Run leases through the GraphQL door: a run nobody renews is closed as ABANDONED by the server
 * (an event naming the last heartbeat), a renewed one is not, a late finish still ends an abandoned
 * run, and only the run's own principal (or an admin) may renew it.
 */
@TestPropertySource(properties = {"provenant.runs.lease=PT2S", "provenant.runs.sweep-interval=PT0.2S"})
class RunLeaseIT extends AbstractGraphQlIT {

    /** {@code run { status failureReason exitCode }}. */
    record Run(String status, String failureReason, Integer exitCode) {}

    record PayloadError(String code, String message) {}

    /** What {@code renewRunLease} answers. */
    record Lease(String runId, String status, String expiresAt, Long leaseSeconds, List<PayloadError> errors) {}

    private String start(GraphQlTester as, String name) {
        GraphQlTester.Response r = as.documentName("lease/startRun")
                .variable("i", Map.of("name", name, "command", List.of("train")))
                .execute();
        r.path("startRun.errors").entityList(Object.class).hasSize(0);
        return r.path("startRun.run.id").entity(String.class).get();
    }

    private Run run(String id) {
        return admin.documentName("lease/run")
                .variable("id", id)
                .execute()
                .path("run")
                .entity(Run.class)
                .get();
    }

    private static GraphQlTester.Response renew(GraphQlTester as, String id) {
        return as.documentName("lease/renewRunLease").variable("id", id).execute();
    }

    private static Lease lease(GraphQlTester as, String id) {
        return renew(as, id).path("renewRunLease").entity(Lease.class).get();
    }

    /** The run once it has {@code status}; fails the test after {@code within}. */
    private Run awaitStatus(String id, String status, Duration within) {
        return await("run " + id + " reaching " + status)
                .atMost(within)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> run(id), r -> status.equals(r.status()));
    }

    @Test
    void givenARunNobodyRenews_whenItsLeaseRunsOut_thenTheServerClosesItAsAbandonedAndALateFinishStillEndsIt()
            throws Exception {
        String id = start(admin, "forgotten");

        Run closed = awaitStatus(id, "ABANDONED", Duration.ofSeconds(30));
        assertThat(closed.status()).isEqualTo("ABANDONED");
        assertThat(closed.failureReason()).contains("no heartbeat").contains("lease 2 s");
        List<String[]> events = events(id);
        assertThat(events).extracting(e -> e[0]).containsSubsequence("RunStartedEvent", "RunAbandonedEvent");
        assertThat(events.get(events.size() - 1)[1])
                .as("who closed it, in the event's metadata")
                .contains("provenant-server");

        // the recorder was only cut off: its heartbeat hears ABANDONED, and its finish still ends the run
        assertThat(lease(admin, id).status()).isEqualTo("ABANDONED");
        admin.documentName("lease/finishRun")
                .variable("i", Map.of("runId", id, "exitCode", 0, "durationMillis", 5000))
                .execute()
                .path("finishRun.errors")
                .entityList(Object.class)
                .hasSize(0)
                .path("finishRun.run.status")
                .entity(String.class)
                .isEqualTo("SUCCEEDED");
        assertThat(events(id))
                .extracting(e -> e[0])
                .containsSubsequence("RunStartedEvent", "RunAbandonedEvent", "RunCompletedEvent");
    }

    @Test
    void givenARunWhoseRecorderRenews_thenItStaysRunningPastItsLease() throws Exception {
        String id = start(admin, "long");
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until) {
            Lease lease = lease(admin, id);
            assertThat(lease.errors()).isEmpty();
            assertThat(lease.status()).isEqualTo("RUNNING");
            assertThat(lease.leaseSeconds()).isEqualTo(2L);
            assertThat(lease.expiresAt()).isNotBlank();
            Thread.sleep(500);
        }
        assertThat(run(id).status()).isEqualTo("RUNNING");
        assertThat(events(id)).extracting(e -> e[0]).doesNotContain("RunAbandonedEvent");
    }

    @Test
    void givenAnotherRecordersRun_whenItRenewsTheLease_thenForbiddenAndTheLeaseIsUntouched() throws Exception {
        String id = start(admin, "alices");
        // bob records too, but this run is alice's
        Lease bob = lease(recorder, id);
        assertThat(bob.errors()).isNotEmpty();
        assertThat(bob.errors().get(0).code()).isEqualTo("FORBIDDEN");
        assertThat(bob.errors().get(0).message()).contains("started by 'alice'");
        // a reader may not renew at all
        renew(reader, id)
                .errors()
                .satisfy(errors -> assertThat(errors)
                        .first()
                        .satisfies(e -> assertThat(e.getExtensions().get("classification"))
                                .isEqualTo("FORBIDDEN")));
        // nobody renewed it: it is closed in time all the same
        assertThat(awaitStatus(id, "ABANDONED", Duration.ofSeconds(30)).status())
                .isEqualTo("ABANDONED");
    }

    @Test
    void givenAFinishedRun_thenItIsNeverAbandoned() throws Exception {
        String id = start(admin, "quick");
        admin.documentName("lease/finishRun-errors")
                .variable("i", Map.of("runId", id, "exitCode", 0, "durationMillis", 10))
                .execute()
                .path("finishRun.errors")
                .entityList(Object.class)
                .hasSize(0);
        Thread.sleep(3500); // longer than the lease: the sweeper had its chances
        assertThat(run(id).status()).isEqualTo("SUCCEEDED");
        assertThat(events(id)).extracting(e -> e[0]).doesNotContain("RunAbandonedEvent");
    }

    /** The run's events (short type name, metadata) in order, straight from the event store. */
    private static List<String[]> events(String runId) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                PreparedStatement s =
                        c.prepareStatement("SELECT payloadtype, convert_from(metadata, 'UTF8') FROM domainevententry"
                                + " WHERE aggregateidentifier = ? ORDER BY sequencenumber")) {
            s.setString(1, runId);
            List<String[]> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    out.add(new String[] {type.substring(type.lastIndexOf('.') + 1), rs.getString(2)});
                }
            }
            return out;
        }
    }
}
