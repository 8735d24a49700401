package dev.provenant.api.db;

import graphql.ErrorClassification;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells "the database cannot be reached" apart from every other failure, so clients get a clear
 * {@code DATABASE_UNAVAILABLE} (GraphQL) or 503 (REST) instead of "internal error": a write that
 * failed this way was not recorded and can be retried when health is UP again.
 */
public final class DatabaseUnavailable {

    /** The GraphQL error classification. */
    public static final ErrorClassification CLASSIFICATION =
            ErrorClassification.errorClassification("DATABASE_UNAVAILABLE");

    private DatabaseUnavailable() {}

    /** The message for {@code e} when it is the database being unreachable; empty otherwise. */
    public static Optional<String> describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || (t instanceof SQLException sql && connectionState(sql.getSQLState()))) {
                return Optional.of("the database is unavailable (" + firstLine(t.getMessage())
                        + "); nothing was recorded: retry when /actuator/health is UP again");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** SQLSTATE class 08 (connection exception) and 57P (operator intervention: shutdown). */
    static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no connection";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
