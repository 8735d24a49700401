package dev.provenant.api.lease;

import dev.provenant.api.graphql.CommandSender;
import dev.provenant.lineage.run.lease.RunLeases;
import dev.provenant.messages.run.AbandonRunCommand;
import dev.provenant.messages.run.RunId;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Closes runs whose lease ran out: every {@code provenant.runs.sweep-interval} it sends an {@link
 * AbandonRunCommand} (recorded as a {@code RunAbandonedEvent} by principal {@value #PRINCIPAL},
 * nothing when the run ended meanwhile) and drops the lease. At start it first gives every lease a
 * whole lease of grace, because recorders could not renew while the server was down. Several
 * instances may sweep at once: closing a run twice records nothing the second time.
 */
@Component
@EnableConfigurationProperties(RunLeaseSettings.class)
public class RunLeaseSweeper implements SmartLifecycle {

    /** Who closes abandoned runs, in the events' metadata. */
    public static final String PRINCIPAL = "provenant-server";

    private static final Logger log = LoggerFactory.getLogger(RunLeaseSweeper.class);

    private final RunLeases leases;
    private final CommandSender commands;
    private final RunLeaseSettings settings;
    private ScheduledExecutorService executor;
    private volatile boolean failing;

    public RunLeaseSweeper(RunLeases leases, CommandSender commands, RunLeaseSettings settings) {
        this.leases = leases;
        this.commands = commands;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        int extended = leases.graceAfterStart();
        if (extended > 0) {
            log.info(
                    "{} running run(s) hold a lease; each gets {} s to reach this server again",
                    extended,
                    settings.lease().toSeconds());
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-lease-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = settings.sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Closes the runs whose lease ran out; returns how many it closed. */
    public int sweep() {
        int closed = 0;
        List<RunLeases.Lease> expired = leases.expired(100);
        for (RunLeases.Lease lease : expired) {
            CommandSender.Outcome<Object> outcome = commands.send(
                    new AbandonRunCommand(RunId.parse(lease.runId()), lease.lastHeartbeat(), lease.leaseSeconds()),
                    PRINCIPAL);
            if (outcome.failed()) {
                log.warn(
                        "Cannot close {} (lease ran out): {}",
                        lease.runId(),
                        outcome.error().message());
                continue;
            }
            leases.releaseIfExpired(lease.runId());
            closed++;
            log.warn(
                    "Closed {} as ABANDONED: no heartbeat from its recorder ({}) since {} (lease {} s)",
                    lease.runId(),
                    lease.principal(),
                    lease.lastHeartbeat(),
                    lease.leaseSeconds());
        }
        return closed;
    }

    private void sweepQuietly() {
        try {
            sweep();
            if (failing) {
                log.info("The run lease sweeper works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            // the database is away, most likely: try again next time, say so once
            if (!failing) {
                log.warn(
                        "The run lease sweeper cannot run: {} (retrying every {})",
                        e.getMessage(),
                        settings.sweepInterval());
                failing = true;
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
