package dev.provenant.messages.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A SHA-256 content id as messages carry it: {@code sha256:<64 lowercase hex>}. Written to JSON as
 * that text, so stored payloads read the same as when the field was a string.
 *
 * <p>{@code Sha256Digest.parse("sha256:e3b0c442...").hex()}
 */
public record Sha256Digest(String value) {

    public static final String PREFIX = "sha256:";

    public Sha256Digest {
        Digests.requireSha256(value, "digest");
    }

    /** Parses {@code sha256:<hex>}; the message names the problem. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Sha256Digest parse(String value) {
        return new Sha256Digest(value);
    }

    /** Parses {@code value}, naming {@code field} in the error. */
    public static Sha256Digest parse(String value, String field) {
        return new Sha256Digest(Digests.requireSha256(value, field));
    }

    /** Parses {@code value} when it is not null. */
    public static Sha256Digest parseOrNull(String value, String field) {
        return value == null ? null : parse(value, field);
    }

    /** The text form or null. */
    public static String text(Sha256Digest digest) {
        return digest == null ? null : digest.value;
    }

    /** The 64 hex digits without the prefix. */
    public String hex() {
        return value.substring(PREFIX.length());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
