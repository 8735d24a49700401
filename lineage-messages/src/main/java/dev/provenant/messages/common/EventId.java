package dev.provenant.messages.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The identifier the event store gives one stored event (Axon's {@code eventidentifier}, a UUID
 * for every event Provenant appends). Written to JSON as that text.
 *
 * <p>{@code EventId.parse("0b7c3d0e-…")}
 */
public record EventId(String value) {

    /** The event store's {@code eventidentifier varchar(255)}. */
    public static final int MAX = 255;

    public EventId {
        TextRules.requireName("eventId", value, MAX);
    }

    /** Reads the text form. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static EventId parse(String value) {
        return new EventId(value);
    }

    /** Parses {@code value} when it is not null (an optional field). */
    public static EventId parseOrNull(String value) {
        return value == null ? null : parse(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
