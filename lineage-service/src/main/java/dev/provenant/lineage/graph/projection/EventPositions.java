package dev.provenant.lineage.graph.projection;

import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The global index of an event in the event store, looked up by its identifier (unique index).
 * Read models record it so every row knows exactly where in the stream it appeared.
 *
 * <p>Why not the tracking token's position: Axon's gap-aware token keeps the highest index seen;
 * an event that commits late into a gap is delivered with that token, so its "position" would be
 * another event's index (seen as duplicate positions under concurrent writers).
 */
public final class EventPositions {

    private EventPositions() {}

    public static long of(JdbcTemplate jdbc, EventMessage<?> message) {
        Long position = jdbc.queryForObject(
                "SELECT globalindex FROM domainevententry WHERE eventidentifier = ?",
                Long.class,
                message.getIdentifier());
        if (position == null) {
            throw new IllegalStateException("event " + message.getIdentifier() + " is not in the event store");
        }
        return position;
    }
}
