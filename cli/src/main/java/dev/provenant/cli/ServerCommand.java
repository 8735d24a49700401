package dev.provenant.cli;

import dev.provenant.api.ProvenantApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code provenant server [--port N]}: starts the service and runs until stopped (Ctrl-C, or
 * {@code provenant server stop}); {@code provenant server status} tells whether one runs.
 *
 * <p>With no {@code PROVENANT_DB_URL} it runs on the embedded default: a real PostgreSQL from
 * Maven-shipped binaries with its data under {@code PROVENANT_HOME/postgres}, kept across
 * restarts. It listens on 127.0.0.1 only and prints the URLs of GraphQL, GraphiQL and health.
 *
 * <p>A home is served by one server at a time. When another server holds it, this one refuses at
 * once (exit 1), before Spring starts, naming the holder's pid: the check is the same OS lock the
 * server takes ({@code HomeLock}), tried and released.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Start the Provenant service (web UI, GraphQL, GraphiQL, health); runs until stopped (Ctrl-C or"
                    + " `provenant server stop`).",
            "Exit 1 at once when another server already uses this PROVENANT_HOME."
        },
        subcommands = {
            dev.provenant.cli.server.ServerStatusCommand.class,
            dev.provenant.cli.server.ServerStopCommand.class
        })
public class ServerCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "TCP port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one)",
            defaultValue = "${env:PROVENANT_PORT:-8642}")
    int port;

    @Option(
            names = "--idle-timeout",
            paramLabel = "DURATION",
            description = "stop after this long without API requests, e.g. 10m (default: never)")
    String idleTimeout;

    @Override
    public Integer call() {
        if (new dev.provenant.cli.server.LocalServer(
                        dev.provenant.cli.client.ServerLocator.fromEnvironment().home())
                .refuseSecondServer(System.err)) {
            return ExitCodes.ERROR;
        }
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + port);
        if (idleTimeout != null) {
            args.add("--provenant.idle-timeout=" + idleTimeout);
        }
        SpringApplication app = new SpringApplication(ProvenantApplication.class);
        try {
            ConfigurableApplicationContext ctx = app.run(args.toArray(String[]::new));
            // Keep the main thread until the context closes (Ctrl-C runs the shutdown hook).
            Object monitor = new Object();
            ctx.addApplicationListener(e -> {
                if (e instanceof org.springframework.context.event.ContextClosedEvent) {
                    synchronized (monitor) {
                        monitor.notifyAll();
                    }
                }
            });
            synchronized (monitor) {
                while (ctx.isActive()) {
                    monitor.wait(1000);
                }
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (RuntimeException e) {
            // Spring Boot has already printed a failure report naming the problem.
            return 1;
        }
    }
}
