package dev.provenant.lineage.config;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * An in-JVM signal that a projection committed a batch of events. A mutation that waits for its
 * own write to show in the read model checks, then sleeps until the next projection commit
 * instead of on a timer: the read happens as soon as the row can be there. It carries no data; a
 * waiter always checks the read model itself (another instance's processor may have applied the
 * event, so waiters also wake on their own bound).
 */
public final class ProjectionCommits {

    private static final Object LOCK = new Object();
    private static long commits;

    private ProjectionCommits() {}

    /** The number of commits so far: read it before checking, pass it to {@link #awaitAfter}. */
    public static long current() {
        synchronized (LOCK) {
            return commits;
        }
    }

    /**
     * Waits until a commit after {@code seen} (returns at once if one happened since), or {@code
     * maxMillis}. Returns false if interrupted.
     */
    public static boolean awaitAfter(long seen, long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        synchronized (LOCK) {
            while (commits == seen) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return true;
                }
                try {
                    LOCK.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Wakes the waiters once the current unit of work commits (at once when there is none). */
    public static void afterCommit() {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(u -> signal());
        } else {
            signal();
        }
    }

    static void signal() {
        synchronized (LOCK) {
            commits++;
            LOCK.notifyAll();
        }
    }
}
