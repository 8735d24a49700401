package dev.provenant.bench;

import dev.provenant.api.ProvenantApplication;
import dev.provenant.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real Provenant service started in the bench JVM on a fresh database of the shared test
 * PostgreSQL, on a free loopback port, with one recorder token. Close it when done.
 */
record BenchService(TestPostgres.TestDatabase db, ConfigurableApplicationContext context, int port)
        implements AutoCloseable {

    static BenchService start(String token, String... extraArgs) throws IOException {
        TestPostgres.TestDatabase db = TestPostgres.shared().newDatabase();
        Path home = Files.createTempDirectory("provenant-bench-home");
        List<String> args = new ArrayList<>(List.of(
                "--provenant.db.url=" + db.jdbcUrl(),
                "--provenant.db.user=" + db.username(),
                "--provenant.db.password=" + db.password(),
                "--provenant.home=" + home,
                "--provenant.tokens=bench=" + token,
                "--server.port=0",
                "--logging.level.root=ERROR"));
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext ctx =
                new SpringApplication(ProvenantApplication.class).run(args.toArray(String[]::new));
        return new BenchService(
                db, ctx, ((WebServerApplicationContext) ctx).getWebServer().getPort());
    }

    @Override
    public void close() {
        context.close();
    }
}
