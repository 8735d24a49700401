package dev.provenant.artifacts;

/**
 * Bytes do not hash to the digest they should have: a stored object was damaged (bit rot,
 * tampering), a caller-declared digest does not match the content, or a source file changed while
 * it was being stored. Nothing is stored and nothing is materialized when this is thrown.
 *
 * <p>{@code try (InputStream in = store.get(digest)) { in.transferTo(out); } catch (IntegrityException e) { quarantine(e.expected()); }}
 */
public class IntegrityException extends ArtifactStoreException {

    private final Digest expected;
    private final Digest actual;

    /**
     * {@code throw new IntegrityException("object is damaged", expected, actual);}
     *
     * @param message what was being checked
     * @param expected the digest the bytes should have
     * @param actual the digest they have (null when unknown)
     */
    public IntegrityException(String message, Digest expected, Digest actual) {
        super(message);
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * The digest the bytes should have had. {@code Digest d = e.expected();}
     *
     * @return the expected digest
     */
    public Digest expected() {
        return expected;
    }

    /**
     * The digest the bytes actually have, or null when unknown. {@code Digest d = e.actual();}
     *
     * @return the actual digest or null
     */
    public Digest actual() {
        return actual;
    }
}
