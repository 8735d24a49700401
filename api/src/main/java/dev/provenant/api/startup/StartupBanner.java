package dev.provenant.api.startup;

import dev.provenant.api.auth.TokenRegistry;
import dev.provenant.api.db.DatabaseConfig.DatabaseLocation;
import dev.provenant.api.home.ProvenantHome;
import dev.provenant.artifacts.OwnerOnly;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the service is ready: prints where to reach it, and writes {@code PROVENANT_HOME/server.url}
 * so a CLI on this machine can find the running server.
 */
@Component
public class StartupBanner {

    private final ProvenantHome home;
    private final DatabaseLocation database;
    private final TokenRegistry tokens;

    public StartupBanner(ProvenantHome home, DatabaseLocation database, TokenRegistry tokens) {
        this.home = home;
        this.database = database;
        this.tokens = tokens;
    }

    @EventListener
    public void onReady(ApplicationReadyEvent event) throws IOException {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        int port = web.getWebServer().getPort();
        String host = event.getApplicationContext().getEnvironment().getProperty("server.address", "127.0.0.1");
        String base = "http://" + host + ":" + port;
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        OwnerOnly.writeAtomically(home.resolve("server.url"), (base + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.printf(
                "%nProvenant is ready in %.1f s (JVM start to ready)%n"
                        + "  Web UI    %s/%n"
                        + "  GraphQL   %s/graphql%n"
                        + "  GraphiQL  %s/graphiql%n"
                        + "  Health    %s/actuator/health%n"
                        + "  Database  %s%n"
                        + "  Home      %s%n"
                        + "  Token     %s  (send 'Authorization: Bearer <token>')%n%n",
                uptime / 1000.0, base, base, base, base, database.description(), home, tokens.adminTokenFile());
        System.out.flush();
    }
}
