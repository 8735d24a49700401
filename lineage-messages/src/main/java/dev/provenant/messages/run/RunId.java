package dev.provenant.messages.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.provenant.messages.common.TextRules;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Typed id of a run: {@code run:<id>}, where id is 1-128 letters, digits, {@code . _ -}
 * (a UUID for runs Provenant creates; an OpenLineage runId is kept as is).
 *
 * <p>{@code RunId.parse("run:3f0c...")}, {@code RunId.random()}
 */
public record RunId(String value) {

    public static final String PREFIX = "run:";
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public RunId {
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("run id '" + TextRules.printable(value)
                    + "' is invalid: use 1-128 letters, digits, '.', '_' or '-'");
        }
    }

    /** Parses {@code run:<id>}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RunId parse(String id) {
        if (id == null || !id.startsWith(PREFIX)) {
            throw new IllegalArgumentException("run id '" + TextRules.printable(id) + "' must look like 'run:<id>'");
        }
        return new RunId(id.substring(PREFIX.length()));
    }

    /** A new random run id. */
    public static RunId random() {
        return new RunId(UUID.randomUUID().toString());
    }

    /** The run id a retried request with this idempotency key gets every time. */
    public static RunId forIdempotencyKey(String principal, String idempotencyKey) {
        return new RunId(
                UUID.nameUUIDFromBytes(("run|" + principal + "|" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                        .toString());
    }

    /** Parses {@code id} when it is not null (an optional field). */
    public static RunId parseOrNull(String id) {
        return id == null ? null : parse(id);
    }

    @JsonValue
    @Override
    public String toString() {
        return PREFIX + value;
    }
}
