package dev.provenant.api.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provenant.api.AbstractGraphQlIT;
import dev.provenant.api.GraphQlClient;
import dev.provenant.api.ProvenantTestSupport;
import dev.provenant.recorder.client.GraphQlDocuments;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Run leases through the GraphQL door: a run nobody renews is closed as ABANDONED by the server
 * (an event naming the last heartbeat), a renewed one is not, a late finish still ends an abandoned
 * run, and only the run's own principal (or an admin) may renew it.
 */
@TestPropertySource(properties = {"provenant.runs.lease=PT2S", "provenant.runs.sweep-interval=PT0.2S"})
class RunLeaseIT extends AbstractGraphQlIT {

    private static final String START = GraphQlDocuments.load("lease/startRun");
    private static final String RENEW = GraphQlDocuments.load("lease/renewRunLease");
    private static final String RUN = GraphQlDocuments.load("lease/run");

    private String start(GraphQlClient c, String name) {
        JsonNode payload = c.post(START, Map.of("i", Map.of("name", name, "command", List.of("train"))))
                .data()
                .path("startRun");
        assertThat(payload.path("errors")).isEmpty();
        return payload.path("run").path("id").asText();
    }

    private JsonNode run(String id) {
        return client(ProvenantTestSupport.ALICE_TOKEN)
                .post(RUN, Map.of("id", id))
                .data()
                .path("run");
    }

    /** The run once it has {@code status}; fails the test after {@code within}. */
    private JsonNode awaitStatus(String id, String status, Duration within) {
        return await("run " + id + " reaching " + status)
                .atMost(within)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> run(id), r -> status.equals(r.path("status").asText()));
    }

    @Test
    void givenARunNobodyRenews_whenItsLeaseRunsOut_thenTheServerClosesItAsAbandonedAndALateFinishStillEndsIt()
            throws Exception {
        GraphQlClient alice = client(ProvenantTestSupport.ALICE_TOKEN);
        String id = start(alice, "forgotten");

        JsonNode closed = awaitStatus(id, "ABANDONED", Duration.ofSeconds(30));
        assertThat(closed.path("status").asText()).isEqualTo("ABANDONED");
        assertThat(closed.path("failureReason").asText())
                .contains("no heartbeat")
                .contains("lease 2 s");
        List<String[]> events = events(id);
        assertThat(events).extracting(e -> e[0]).containsSubsequence("RunStartedEvent", "RunAbandonedEvent");
        assertThat(events.get(events.size() - 1)[1])
                .as("who closed it, in the event's metadata")
                .contains("provenant-server");

        // the recorder was only cut off: its heartbeat hears ABANDONED, and its finish still ends the run
        JsonNode renewed = alice.post(RENEW, Map.of("id", id)).data().path("renewRunLease");
        assertThat(renewed.path("status").asText()).isEqualTo("ABANDONED");
        JsonNode finished = alice.post(
                        GraphQlDocuments.load("lease/finishRun"),
                        Map.of("i", Map.of("runId", id, "exitCode", 0, "durationMillis", 5000)))
                .data()
                .path("finishRun");
        assertThat(finished.path("errors")).isEmpty();
        assertThat(finished.path("run").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(events(id))
                .extracting(e -> e[0])
                .containsSubsequence("RunStartedEvent", "RunAbandonedEvent", "RunCompletedEvent");
    }

    @Test
    void givenARunWhoseRecorderRenews_thenItStaysRunningPastItsLease() throws Exception {
        GraphQlClient alice = client(ProvenantTestSupport.ALICE_TOKEN);
        String id = start(alice, "long");
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until) {
            JsonNode lease = alice.post(RENEW, Map.of("id", id)).data().path("renewRunLease");
            assertThat(lease.path("errors")).isEmpty();
            assertThat(lease.path("status").asText()).isEqualTo("RUNNING");
            assertThat(lease.path("leaseSeconds").asLong()).isEqualTo(2);
            assertThat(lease.path("expiresAt").asText()).isNotBlank();
            Thread.sleep(500);
        }
        assertThat(run(id).path("status").asText()).isEqualTo("RUNNING");
        assertThat(events(id)).extracting(e -> e[0]).doesNotContain("RunAbandonedEvent");
    }

    @Test
    void givenAnotherRecordersRun_whenItRenewsTheLease_thenForbiddenAndTheLeaseIsUntouched() throws Exception {
        String id = start(client(ProvenantTestSupport.ALICE_TOKEN), "alices");
        JsonNode bob = client(ProvenantTestSupport.BOB_TOKEN)
                .post(RENEW, Map.of("id", id))
                .data()
                .path("renewRunLease");
        assertThat(bob.path("errors").get(0).path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(bob.path("errors").get(0).path("message").asText()).contains("started by 'alice'");
        // a reader may not renew at all
        GraphQlClient.Response carol = client(ProvenantTestSupport.READER_TOKEN).post(RENEW, Map.of("id", id));
        assertThat(carol.errors()
                        .get(0)
                        .path("extensions")
                        .path("classification")
                        .asText())
                .isEqualTo("FORBIDDEN");
        // nobody renewed it: it is closed in time all the same
        assertThat(awaitStatus(id, "ABANDONED", Duration.ofSeconds(30))
                        .path("status")
                        .asText())
                .isEqualTo("ABANDONED");
    }

    @Test
    void givenAFinishedRun_thenItIsNeverAbandoned() throws Exception {
        GraphQlClient alice = client(ProvenantTestSupport.ALICE_TOKEN);
        String id = start(alice, "quick");
        alice.post(
                GraphQlDocuments.load("lease/finishRun-errors"),
                Map.of("i", Map.of("runId", id, "exitCode", 0, "durationMillis", 10)));
        Thread.sleep(3500); // longer than the lease: the sweeper had its chances
        assertThat(run(id).path("status").asText()).isEqualTo("SUCCEEDED");
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
