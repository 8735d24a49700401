package dev.provenant.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Items of work shared by a suite's client threads, each taking the next item until none is left. */
final class ClientThreads {

    /** Work on item {@code i}. */
    interface Item {
        void run(int i) throws Exception;
    }

    private ClientThreads() {}

    /** Items 0..count-1, taken in turn by {@code threads} threads of {@code pool}; waits for all. */
    static void share(ExecutorService pool, int threads, int count, Item item) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    item.run(i);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
    }
}
