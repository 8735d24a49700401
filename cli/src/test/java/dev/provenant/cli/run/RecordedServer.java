package dev.provenant.cli.run;

import dev.provenant.api.ProvenantApplication;
import dev.provenant.recorder.client.ProvenantClient;
import dev.provenant.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A real Provenant server in this JVM, on a fresh database of the test PostgreSQL. */
final class RecordedServer implements AutoCloseable {

    static final String TOKEN = "cli-test-token-0123456789abcdef";
    static final String ADMIN_TOKEN = "cli-admin-token-0123456789abcdef";
    static final String READER_TOKEN = "cli-reader-token-0123456789abcdef";

    private final ConfigurableApplicationContext context;
    final ProvenantClient client;
    final ProvenantClient admin;
    final Path home;
    final int port;

    RecordedServer(String... extraArgs) throws Exception {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        home = Files.createTempDirectory("provenant-cli-it");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--provenant.db.url=" + db.jdbcUrl(),
                "--provenant.db.user=" + db.username(),
                "--provenant.db.password=" + db.password(),
                "--provenant.home=" + home,
                "--provenant.tokens=tester=" + TOKEN + ":recorder,boss=" + ADMIN_TOKEN + ":admin,auditor="
                        + READER_TOKEN + ":reader",
                "--server.port=0"));
        args.addAll(java.util.List.of(extraArgs));
        context = new SpringApplication(ProvenantApplication.class).run(args.toArray(String[]::new));
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
        client = new ProvenantClient("http://127.0.0.1:" + port, TOKEN);
        admin = new ProvenantClient("http://127.0.0.1:" + port, ADMIN_TOKEN);
    }

    @Override
    public void close() {
        context.close();
    }
}
