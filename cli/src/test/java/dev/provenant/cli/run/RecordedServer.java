package dev.provenant.cli.run;

import dev.provenant.api.ProvenantApplication;
import dev.provenant.cli.client.ProvenantClient;
import dev.provenant.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A real Provenant server in this JVM, on a fresh database of the test PostgreSQL. */
final class RecordedServer implements AutoCloseable {

    static final String TOKEN = "cli-test-token-0123456789abcdef";

    private final ConfigurableApplicationContext context;
    final ProvenantClient client;
    final Path home;

    RecordedServer() throws Exception {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        home = Files.createTempDirectory("provenant-cli-it");
        context = new SpringApplication(ProvenantApplication.class)
                .run(
                        "--provenant.db.url=" + db.jdbcUrl(),
                        "--provenant.db.user=" + db.username(),
                        "--provenant.db.password=" + db.password(),
                        "--provenant.home=" + home,
                        "--provenant.tokens=tester=" + TOKEN + ":recorder",
                        "--server.port=0");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        client = new ProvenantClient("http://127.0.0.1:" + port, TOKEN);
    }

    @Override
    public void close() {
        context.close();
    }
}
