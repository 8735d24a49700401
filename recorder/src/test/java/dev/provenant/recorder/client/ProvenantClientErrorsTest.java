package dev.provenant.recorder.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the client turns a server's answer into the CLI's exit codes: a malformed argument the
 * server refused ({@code BAD_REQUEST}) is the user's usage error (2); any other GraphQL error is 1;
 * an overloaded or restarting server is "unavailable" (retried by recorders). The server here is a
 * stub answering fixed bodies: what is tested is the client's mapping, not the server.
 */
class ProvenantClientErrorsTest {

    private HttpServer server;

    private ProvenantClient answering(int status, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/graphql", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return new ProvenantClient("http://127.0.0.1:" + server.getAddress().getPort(), "token");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String error(String classification, String message) {
        return "{\"errors\":[{\"message\":\"" + message + "\",\"extensions\":{\"classification\":\"" + classification
                + "\"}}],\"data\":null}";
    }

    @Test
    void givenBadRequest_thenUsageExitCode2WithTheServersMessage() throws Exception {
        CliException e = catchThrowableOfType(
                CliException.class,
                () -> answering(200, error("BAD_REQUEST", "first must be between 1 and 1000, got 5000"))
                        .query(GraphQlDocuments.load("client/runs-total"), Map.of()));
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.getMessage()).isEqualTo("first must be between 1 and 1000, got 5000");
    }

    @Test
    void givenAnotherGraphQlError_thenExitCode1() throws Exception {
        CliException e = catchThrowableOfType(
                CliException.class,
                () -> answering(200, error("ValidationError", "Field 'nope' is undefined"))
                        .query(GraphQlDocuments.loadVerbatim("client/invalid/undefined-field"), Map.of()));
        assertThat(e.exitCode()).isEqualTo(1);
        e = catchThrowableOfType(CliException.class, () -> {
            stop();
            answering(200, error("FORBIDDEN", "admins only"))
                    .query(GraphQlDocuments.load("client/processors"), Map.of());
        });
        assertThat(e.exitCode()).isEqualTo(1);
    }

    @Test
    void givenTheDatabaseAwayOrA503_thenUnavailable() throws Exception {
        assertThat(catchThrowableOfType(
                        ServerUnavailableException.class,
                        () -> answering(200, error("DATABASE_UNAVAILABLE", "database is away"))
                                .query(GraphQlDocuments.load("client/runs-total"), Map.of())))
                .hasMessage("database is away");
        stop();
        assertThat(catchThrowableOfType(
                        ServerUnavailableException.class,
                        () -> answering(503, "{}").query(GraphQlDocuments.load("client/runs-total"), Map.of())))
                .hasMessageContaining("unavailable (HTTP 503)");
    }
}
