package dev.provenant.lineage.graph.index;

import dev.provenant.messages.lineage.LineageGraph;
import dev.provenant.messages.lineage.LineageQuery;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The in-memory lineage engine in the service: loads the graph in the background at start-up
 * (queries use the SQL traversal until then), follows the tables after every projection commit
 * and on a timer, and — with {@code provenant.lineage.index.sync-on-query=true}, the default —
 * catches up with every committed row before answering, so a query sees everything committed
 * before it started (one small indexed SQL statement, no graph rows when nothing changed).
 */
@Component
public class LineageIndexService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LineageIndexService.class);
    private static final Object TX_KEY = new Object();

    private final LineageIndexFeed feed;
    private final boolean enabled;
    private final boolean syncOnQuery;
    private final long pollMillis;
    private volatile ScheduledExecutorService timer;
    private volatile boolean running;

    public LineageIndexService(DataSource dataSource, LineageIndexProperties properties) {
        this.feed = new LineageIndexFeed(dataSource, new LineageIndex());
        this.enabled = properties.enabled();
        this.syncOnQuery = properties.syncOnQuery();
        this.pollMillis = properties.pollMillis();
    }

    /** The answer from memory, or empty while the index is disabled or still loading. */
    public Optional<LineageGraph> answer(LineageQuery q) {
        if (!enabled || !feed.loaded()) {
            return Optional.empty();
        }
        if (syncOnQuery) {
            feed.refresh();
            if (!feed.loaded()) {
                return Optional.empty(); // reset meanwhile
            }
        }
        return Optional.of(feed.index().query(q));
    }

    /** True once the index answers queries. */
    public boolean ready() {
        return enabled && feed.loaded();
    }

    /** The engine itself (benchmarks, diagnostics). */
    public LineageIndexFeed feed() {
        return feed;
    }

    /**
     * Called by the projection after it wrote graph rows: once the surrounding transaction
     * commits, the index reads them (at most once per transaction).
     */
    public void rowsWritten() {
        if (!enabled || !running) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            refreshQuietly();
            return;
        }
        if (TransactionSynchronizationManager.hasResource(TX_KEY)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(TX_KEY, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(TX_KEY);
                if (status == STATUS_COMMITTED && feed.loaded()) {
                    refreshQuietly();
                }
            }
        });
    }

    /** Called by the projection's reset handler: the tables are being emptied. */
    public void tablesTruncated() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            feed.reset();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    feed.reset();
                }
            }
        });
    }

    private void refreshQuietly() {
        try {
            feed.refresh();
        } catch (RuntimeException e) {
            // the timer and the next query catch up; a failed refresh never loses rows
            log.warn("lineage index refresh failed: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        running = true;
        if (!enabled) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lineage-index");
            t.setDaemon(true);
            return t;
        });
        timer.execute(() -> {
            long t0 = System.nanoTime();
            refreshQuietly();
            log.info(
                    "lineage index loaded: {} nodes, {} edges in {} ms",
                    feed.index().nodeCount(),
                    feed.index().edgeCount(),
                    (System.nanoTime() - t0) / 1_000_000);
        });
        timer.scheduleWithFixedDelay(this::refreshQuietly, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService t = timer;
        if (t != null) {
            t.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
