package dev.provenant.cli;

/**
 * The exit codes of every {@code provenant} command, one table for all: scripts may rely on them.
 * The same table is the footer of {@code provenant --help} and is in the README.
 */
public final class ExitCodes {

    private ExitCodes() {}

    /** Done; for {@code diff --exit-code}: the runs do not differ. */
    public static final int OK = 0;

    /** An error, including "not found"; the message on stderr names it and what to do. */
    public static final int ERROR = 1;

    /** A usage error: unknown option, missing or malformed argument, value out of range. */
    public static final int USAGE = 2;

    /** A replay's verdict is DIFFERENT; {@code diff --exit-code}: the runs differ. */
    public static final int DIFFERENT = 3;

    /** A replay's verdict is FAILED. */
    public static final int FAILED = 4;

    /** An integrity failure: the event chain, a checkpoint or a digest does not verify. */
    public static final int INTEGRITY = 5;

    /** A replay's verdict is UNVERIFIED: nothing could be compared. */
    public static final int UNVERIFIED = 6;
}
