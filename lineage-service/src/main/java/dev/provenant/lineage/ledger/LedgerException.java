package dev.provenant.lineage.ledger;

/** The ledger could not be read or written (the database failed); not a verification finding. */
public class LedgerException extends RuntimeException {
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
