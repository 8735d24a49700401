package dev.provenant.api.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.api.ProvenantApplication;
import dev.provenant.api.home.HomeLock;
import dev.provenant.api.home.ProvenantHome;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

/** The service refuses to start, clearly, when it cannot be safe. */
class StartupFailureIT {

    @Test
    void givenUnreachableDatabaseUrl_whenStarting_thenFailsFastNamingTheUrl() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "jdbc:postgresql://127.0.0.1:" + freePort + "/provenant";
        Path home = Files.createTempDirectory("provenant-home");
        SpringApplication app = new SpringApplication(ProvenantApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> app.run("--provenant.db.url=" + url, "--provenant.home=" + home))
                .satisfies(e -> {
                    ProvenantStartupException cause = findCause(e);
                    assertThat(cause).as("root cause chain of %s", e).isNotNull();
                    assertThat(cause.getMessage()).contains(url).contains("Cannot connect to PostgreSQL");
                    assertThat(cause.action()).contains("PROVENANT_DB_URL");
                });
        // fails fast: well before any default JDBC pool timeout (30 s)
        assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(20);
    }

    @Test
    void givenHomeInUse_whenSecondServerLocksIt_thenRefusesNamingTheHome() throws Exception {
        ProvenantHome home =
                new ProvenantHome(Files.createTempDirectory("provenant-home").toString());
        HomeLock first = new HomeLock(home);
        assertThatThrownBy(() -> new HomeLock(home))
                .isInstanceOf(ProvenantStartupException.class)
                .hasMessageContaining("already using PROVENANT_HOME=" + home.root())
                .hasMessageContaining("pid=" + ProcessHandle.current().pid());
        assertThat(first).isNotNull();
    }

    private static ProvenantStartupException findCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProvenantStartupException p) {
                return p;
            }
        }
        return null;
    }
}
