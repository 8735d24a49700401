package dev.provenant.api.graphql;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/** Relay connections over event positions. */
final class Pages {

    private Pages() {}

    /** Relay edge. */
    public record Edge<T>(String cursor, T node) {}

    /** Relay page info (forward paging: a previous page exists when this one starts after a cursor). */
    public record PageInfo(boolean hasNextPage, String endCursor, boolean hasPreviousPage, String startCursor) {

        /** A page that starts at the beginning. */
        public PageInfo(boolean hasNextPage, String endCursor) {
            this(hasNextPage, endCursor, false, null);
        }
    }

    /**
     * Relay connection; {@code totalCount} (every item the filters select, on all pages) is
     * counted only when a query asks for it.
     */
    public record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo, LongSupplier counter) {
        public long totalCount() {
            return counter.getAsLong();
        }
    }

    static int limit(Integer first) {
        int limit = first == null ? 20 : first;
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("first must be between 1 and 1000, got " + limit);
        }
        return limit;
    }

    static <T> Connection<T> of(
            List<T> items, boolean hasMore, ToLongFunction<T> position, String after, LongSupplier counter) {
        List<Edge<T>> edges = items.stream()
                .map(v -> new Edge<>(Cursors.of(position.applyAsLong(v)), v))
                .toList();
        String start = edges.isEmpty() ? null : edges.get(0).cursor();
        String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        boolean previous = after != null && Cursors.position(after) > 0;
        return new Connection<>(edges, new PageInfo(hasMore, end, previous, start), counter);
    }

    /** A connection over rows {@code offset+1 ..} of a sorted list. */
    static <T> Connection<T> ofOffsets(List<T> items, boolean hasMore, long offset, LongSupplier counter) {
        List<Edge<T>> edges = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            edges.add(new Edge<>(Cursors.ofOffset(offset + i + 1), items.get(i)));
        }
        String start = edges.isEmpty() ? null : edges.get(0).cursor();
        String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new Connection<>(edges, new PageInfo(hasMore, end, offset > 0, start), counter);
    }
}
