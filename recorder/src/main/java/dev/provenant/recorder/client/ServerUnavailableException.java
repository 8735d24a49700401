package dev.provenant.recorder.client;

/**
 * The server could not be reached or said it cannot record now (connection refused or reset, HTTP
 * 502/503/504, {@code DATABASE_UNAVAILABLE}): nothing says the request was refused, so resending it
 * later is right (every recording mutation is idempotent).
 */
public class ServerUnavailableException extends CliException {

    public ServerUnavailableException(String message, Throwable cause) {
        super(1, message, cause);
    }
}
