package dev.provenant.api.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.api.ProvenantApplication;
import dev.provenant.api.graphql.CommandSender;
import dev.provenant.messages.common.Sha256Digest;
import dev.provenant.messages.dataset.DatasetVersionId;
import dev.provenant.messages.dataset.DatasetVersionView;
import dev.provenant.messages.dataset.FindDatasetVersionQuery;
import dev.provenant.messages.dataset.RegisterDatasetVersionCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default: with no database configured the service starts a real PostgreSQL with its
 * data under PROVENANT_HOME, and a restart on the same home finds everything again.
 */
class EmbeddedDefaultIT {

    @Test
    void givenEmptyHome_whenStartRegisterStopAndStartAgain_thenDataIsStillThere() throws Exception {
        Path home = Files.createTempDirectory("provenant-embedded");
        // as an older version (or the usual umask) left it: readable by everyone
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        String[] args = {"--provenant.home=" + home, "--provenant.db.url=", "--server.port=0"};
        DatasetVersionId id = new DatasetVersionId("survives", "restart");

        try (ConfigurableApplicationContext first = start(args)) {
            var outcome = first.getBean(CommandSender.class)
                    .send(
                            RegisterDatasetVersionCommand.of(
                                    id, Sha256Digest.parse("sha256:" + "f".repeat(64)), 42, null, null),
                            "alice");
            assertThat(outcome.failed()).isFalse();
            assertThat(awaitFind(first, id)).isPresent();
        }
        assertThat(home.resolve("postgres/PG_VERSION")).exists();
        assertThat(home.resolve("admin.token")).exists();
        assertThat(mode(home)).isEqualTo("rwx------");
        assertThat(mode(home.resolve("admin.token"))).isEqualTo("rw-------");
        assertThat(mode(home.resolve("postgres.password"))).isEqualTo("rw-------");
        assertThat(mode(home.resolve("postgres"))).isEqualTo("rwx------");
        assertThat(mode(home.resolve("artifacts"))).isEqualTo("rwx------");

        try (ConfigurableApplicationContext second = start(args)) {
            Optional<DatasetVersionView> found = find(second, id);
            assertThat(found).isPresent();
            assertThat(found.get().registeredBy()).isEqualTo("alice");
            assertThat(found.get().sizeBytes()).isEqualTo(42);
        }
    }

    private static String mode(Path p) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static ConfigurableApplicationContext start(String[] args) {
        SpringApplication app = new SpringApplication(ProvenantApplication.class);
        app.setWebApplicationType(WebApplicationType.SERVLET);
        return app.run(args);
    }

    private static Optional<DatasetVersionView> awaitFind(ConfigurableApplicationContext ctx, DatasetVersionId id)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Optional<DatasetVersionView> v;
        while ((v = find(ctx, id)).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return v;
    }

    private static Optional<DatasetVersionView> find(ConfigurableApplicationContext ctx, DatasetVersionId id) {
        return ctx.getBean(QueryGateway.class)
                .query(new FindDatasetVersionQuery(id), ResponseTypes.optionalInstanceOf(DatasetVersionView.class))
                .join();
    }
}
