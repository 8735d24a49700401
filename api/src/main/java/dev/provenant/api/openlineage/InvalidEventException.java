package dev.provenant.api.openlineage;

/** An OpenLineage event that cannot be accepted; names the offending field. */
public class InvalidEventException extends RuntimeException {

    private final String field;

    public InvalidEventException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
