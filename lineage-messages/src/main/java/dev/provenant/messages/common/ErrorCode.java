package dev.provenant.messages.common;

/**
 * Business error codes. They travel as the details of a {@code CommandExecutionException} so
 * callers across process boundaries can tell expected failures apart without parsing messages.
 */
public enum ErrorCode {
    /** The aggregate already exists with different content. */
    CONFLICT,
    /** The message failed validation (bad name, digest, size, ...). */
    INVALID_INPUT,
    /** The thing asked for does not exist. */
    NOT_FOUND,
    /** The server is too busy to take this now (e.g. the replay queue is full). */
    BUSY,
    /** The caller may not do this to this record (e.g. renew the lease of another principal's run). */
    FORBIDDEN
}
