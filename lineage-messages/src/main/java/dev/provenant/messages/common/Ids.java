package dev.provenant.messages.common;

/**
 * The text form of a typed id or digest ({@code run:…}, {@code dataset:…@…}, {@code sha256:…}),
 * for the places that store or print text: SQL parameters, JSON built by hand, log lines.
 */
public final class Ids {

    private Ids() {}

    /** {@code typed.toString()}, or null for null. */
    public static String text(Object typed) {
        return typed == null ? null : typed.toString();
    }

    /** The text of each typed value, in order: a SQL array parameter ({@code = ANY(?)}). */
    public static String[] texts(java.util.Collection<?> typed) {
        return typed.stream().map(Ids::text).toArray(String[]::new);
    }
}
