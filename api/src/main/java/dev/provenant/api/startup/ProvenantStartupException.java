package dev.provenant.api.startup;

/**
 * The service cannot start for a reason the operator can fix (database unreachable, data
 * directory in use, ...). The message says what is wrong; {@link #action()} says what to do.
 */
public class ProvenantStartupException extends RuntimeException {

    private final String action;

    public ProvenantStartupException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
