package dev.provenant.api.graphql;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque Relay cursors over event positions. */
final class Cursors {

    private static final String PREFIX = "pos:";
    private static final String OFFSET = "off:";

    private Cursors() {}

    static String of(long position) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor stands for; 0 for none. Throws {@link IllegalArgumentException} if malformed. */
    static long position(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith(PREFIX)) {
                return Long.parseLong(s.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("cursor '" + cursor + "' is not one this server handed out");
    }

    /** A cursor after the first {@code offset} rows of a sorted list. */
    static String ofOffset(long offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((OFFSET + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a sorted list's cursor stands for; 0 for none. Throws {@link IllegalArgumentException} if malformed. */
    static long offset(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith(OFFSET)) {
                long offset = Long.parseLong(s.substring(OFFSET.length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException(
                "cursor '" + cursor + "' is not one this server handed out for a sorted list");
    }
}
