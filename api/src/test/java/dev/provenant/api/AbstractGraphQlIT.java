package dev.provenant.api;

import dev.provenant.recorder.client.GraphQlDocuments;
import dev.provenant.testsupport.TestPostgres;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.support.DocumentSource;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * The server as its users reach it: the whole application on a random port, a fresh database on the
 * real test PostgreSQL and a fresh home, and one GraphQL tester per role, each sending its bearer
 * token over real HTTP. Documents are named as in {@code GraphQlDocuments} ({@code
 * common/startRun}, {@code lineage/node-typed}) and validated against the schema by {@code
 * TestDocumentsTest}.
 *
 * <p>Each test class gets its own application and database (the context is not shared between
 * classes), as the tests count events in the store.
 *
 * <pre>{@code
 * admin.documentName("common/serverInfo").execute().path("serverInfo.role").entity(String.class).isEqualTo("ADMIN");
 * reader.documentName("common/verifyLedger").execute().errors().expect(e -> ...).verify();
 * }</pre>
 */
@SpringBootTest(classes = ProvenantApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class AbstractGraphQlIT {

    /** Documents by name through the one loader the clients use as well. */
    public static final DocumentSource DOCUMENTS = name -> Mono.fromCallable(() -> GraphQlDocuments.load(name));

    /**
     * How long a tester waits for an answer: far above any answer on a loaded 2-core CI machine
     * (the testers' default, 5 s, failed a first cold {@code startRun} there), still a failure
     * rather than a hang when the server is wedged.
     */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    /** This class's database (for counting what was recorded). */
    protected static TestPostgres.TestDatabase db;

    @DynamicPropertySource
    static void provenant(DynamicPropertyRegistry registry) {
        db = ProvenantTestSupport.register(registry);
    }

    @LocalServerPort
    protected int port;

    /** alice: administrator (every operation). */
    protected HttpGraphQlTester admin;

    /** bob: recorder (records runs and datasets, no administration). */
    protected HttpGraphQlTester recorder;

    /** carol: reader (queries only). */
    protected HttpGraphQlTester reader;

    /** No token at all. */
    protected HttpGraphQlTester anonymous;

    @BeforeEach
    void graphQlTesters() {
        anonymous = HttpGraphQlTester.builder(WebTestClient.bindToServer()
                        .responseTimeout(RESPONSE_TIMEOUT)
                        .baseUrl(baseUrl() + "/graphql"))
                .documentSource(DOCUMENTS)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
        admin = as(ProvenantTestSupport.ALICE_TOKEN);
        recorder = as(ProvenantTestSupport.BOB_TOKEN);
        reader = as(ProvenantTestSupport.READER_TOKEN);
    }

    /** The server's root URL, {@code http://127.0.0.1:<port>}. */
    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private HttpGraphQlTester as(String token) {
        return anonymous.mutate().headers(h -> h.setBearerAuth(token)).build();
    }

    /**
     * A plain JSON client with {@code token}, for tests that look at the raw response (status, the
     * whole {@code errors} array) rather than at fields.
     */
    protected GraphQlClient client(String token) {
        return new GraphQlClient(baseUrl(), token);
    }
}
