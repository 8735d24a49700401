package dev.provenant.messages.common;

/**
 * The rules every stored string obeys, so that whatever an event holds can also be stored by the
 * read models (PostgreSQL {@code text} and {@code jsonb} refuse U+0000 and unpaired surrogates) and
 * shown without terminal tricks.
 *
 * <ul>
 *   <li><b>Names</b> ({@link #requireName}): identifiers, labels, paths, URIs, keys. No control
 *       characters at all: C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F); not empty.
 *   <li><b>Free text</b> ({@link #requireFreeText}): descriptions, reasons, messages, command
 *       arguments, parameter values. Tab, LF and CR are allowed; every other control character is
 *       not. May be empty.
 *   <li>Both: no unpaired UTF-16 surrogates, and at most {@code maxLen} characters (Unicode code
 *       points, as PostgreSQL counts {@code varchar(n)}).
 * </ul>
 *
 * <p>Violations throw {@link InvalidTextException} naming the field, the problem, the code point
 * and its position (1-based, in code points), never the raw character:
 * {@code TextRules.requireName("input.name", "a\u0000b", 200)} →
 * {@code input.name: contains control character U+0000 at position 2; remove it}.
 */
public final class TextRules {

    /** Default maximum of a name (inputs, outputs, parameter and metric names, ...). */
    public static final int NAME_MAX = 1024;

    /**
     * Maximum of a run name. Run names are in a B-tree index ({@code runs_name}), whose entries hold
     * at most 2704 bytes: 512 code points are at most 2048 bytes of UTF-8.
     */
    public static final int RUN_NAME_MAX = 512;

    /** Maximum of an aggregate identifier: the event store's {@code aggregateidentifier varchar(255)}. */
    public static final int AGGREGATE_ID_MAX = 255;

    private TextRules() {}

    /** A name: not null, not empty, at most {@code maxLen} characters, no control characters. */
    public static String requireName(String field, String value, int maxLen) {
        if (value == null) {
            throw new InvalidTextException(field, "is required");
        }
        if (value.isEmpty()) {
            throw new InvalidTextException(field, "must not be empty");
        }
        return check(field, value, maxLen, false);
    }

    /** As {@link #requireName}, but null is allowed (and returned). */
    public static String optionalName(String field, String value, int maxLen) {
        return value == null ? null : requireName(field, value, maxLen);
    }

    /** Free text: not null, at most {@code maxLen} characters, no control characters but tab, LF, CR. */
    public static String requireFreeText(String field, String value, int maxLen) {
        if (value == null) {
            throw new InvalidTextException(field, "is required");
        }
        return check(field, value, maxLen, true);
    }

    /** As {@link #requireFreeText}, but null is allowed (and returned). */
    public static String optionalFreeText(String field, String value, int maxLen) {
        return value == null ? null : requireFreeText(field, value, maxLen);
    }

    /**
     * The character and length rules alone (null and empty pass), for edges that check every string
     * and leave presence to the commands. Returns {@code value}.
     */
    public static String check(String field, String value, int maxLen, boolean freeText) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLen) {
            int codePoints = value.codePointCount(0, value.length());
            if (codePoints > maxLen) {
                throw new InvalidTextException(
                        field, "is " + codePoints + " characters long; at most " + maxLen + " are allowed");
            }
        }
        int position = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            position++;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++; // a valid pair: one code point, never a control character
                    continue;
                }
                throw unpaired(field, c, position);
            }
            if (Character.isLowSurrogate(c)) {
                throw unpaired(field, c, position);
            }
            if (isControl(c) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                throw new InvalidTextException(
                        field,
                        "contains control character " + codePoint(c) + " at position " + position + "; remove it"
                                + (freeText ? " (only tab, line feed and carriage return are allowed)" : ""));
            }
        }
        return value;
    }

    /**
     * The minimum for anything stored as PostgreSQL {@code text} or {@code jsonb}, even where
     * control characters are otherwise fine (e.g. facets kept verbatim): no U+0000 and no unpaired
     * surrogate. Null passes. Returns {@code value}.
     */
    public static String requireStorable(String field, String value) {
        if (value == null) {
            return null;
        }
        int position = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            position++;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw unpaired(field, c, position);
            }
            if (Character.isLowSurrogate(c)) {
                throw unpaired(field, c, position);
            }
            if (c == 0) {
                throw new InvalidTextException(
                        field, "contains control character U+0000 at position " + position + "; remove it");
            }
        }
        return value;
    }

    /**
     * {@code value} made safe to quote in a message: control characters and unpaired surrogates as
     * backslash-u escapes, cut after 120 characters. {@code null} stays {@code "null"}.
     */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), 130));
        int i = 0;
        for (; i < value.length() && sb.length() < 120; i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                sb.append(c).append(value.charAt(++i));
            } else if (isControl(c) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return i < value.length() ? sb + "…" : sb.toString();
    }

    /** Whether {@code c} is a C0 control, DEL or a C1 control. */
    public static boolean isControl(char c) {
        return c <= 0x1F || (c >= 0x7F && c <= 0x9F);
    }

    /** {@code U+0000} notation. */
    public static String codePoint(int c) {
        return String.format("U+%04X", c);
    }

    private static InvalidTextException unpaired(String field, char c, int position) {
        return new InvalidTextException(
                field,
                "contains an unpaired UTF-16 surrogate " + codePoint(c) + " at position " + position
                        + "; send valid Unicode");
    }
}
