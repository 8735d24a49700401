package dev.provenant.messages.common;

/**
 * Names of the metadata entries every Provenant message carries.
 *
 * <p>The principal travels from the API (who called) to the command and, through Axon's
 * correlation data providers, to every event that command produced. The time of an event is
 * Axon's own event timestamp.
 */
public final class ProvenantMetadata {

    /** Metadata key of the authenticated principal that caused a message, e.g. {@code "alice"}. */
    public static final String PRINCIPAL = "principal";

    private ProvenantMetadata() {}
}
