package dev.provenant.messages.common;

/**
 * A string that breaks a {@link TextRules} rule. The message starts with the field and names the
 * problem without echoing the offending characters, e.g. {@code input.description: contains
 * control character U+0000 at position 5; remove it}.
 */
public class InvalidTextException extends IllegalArgumentException {

    private final String field;

    public InvalidTextException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The field (or path, e.g. {@code input.parameters[0].value}) at fault. */
    public String field() {
        return field;
    }
}
