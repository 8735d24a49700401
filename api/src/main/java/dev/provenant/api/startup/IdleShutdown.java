package dev.provenant.api.startup;

import dev.provenant.api.config.ProvenantProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A server the CLI started in the background stops by itself after {@code provenant.idle-timeout}
 * without API requests (health checks do not count), so scripts and test runs never leave one
 * behind. Off (0) for servers started by hand.
 */
@Component
public class IdleShutdown extends OncePerRequestFilter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdleShutdown.class);

    // Loaded when the server starts, not when it stops (see exit()).
    private static final org.springframework.boot.ExitCodeGenerator EXIT_OK = () -> 0;

    private final Duration timeout;
    private final ConfigurableApplicationContext context;
    private final AtomicLong lastRequest = new AtomicLong(System.nanoTime());
    private ScheduledExecutorService timer;
    private volatile boolean running;

    public IdleShutdown(ProvenantProperties properties, ConfigurableApplicationContext context) {
        this.timeout = properties.idleTimeout();
        this.context = context;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!request.getRequestURI().startsWith("/actuator")) {
            lastRequest.set(System.nanoTime());
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (!request.getRequestURI().startsWith("/actuator")) {
                lastRequest.set(System.nanoTime());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        if (timeout.isZero() || timeout.isNegative()) {
            return;
        }
        lastRequest.set(System.nanoTime());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "provenant-idle-shutdown");
            t.setDaemon(true);
            return t;
        });
        long checkMs = Math.max(200, Math.min(10_000, timeout.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::check, checkMs, checkMs, TimeUnit.MILLISECONDS);
    }

    private void check() {
        long idle = System.nanoTime() - lastRequest.get();
        if (idle > timeout.toNanos()) {
            log.info("No requests for {}; stopping (provenant.idle-timeout)", timeout);
            timer.shutdown();
            Thread stopper = new Thread(this::exit, "provenant-stop");
            stopper.start();
        }
    }

    private void exit() {
        int code = 0;
        try {
            code = SpringApplication.exit(context, EXIT_OK);
        } catch (Throwable t) {
            // e.g. the jar was replaced under the running JVM: still stop, the OS frees the rest
            log.warn("Clean stop failed ({}); exiting anyway", t.toString());
        }
        System.exit(code);
    }

    @Override
    public void stop() {
        running = false;
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
