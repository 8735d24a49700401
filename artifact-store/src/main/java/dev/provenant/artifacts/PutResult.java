package dev.provenant.artifacts;

/**
 * The outcome of a put: the content address, the size, and whether bytes were actually
 * transferred ({@code false} when identical content was already stored).
 *
 * <p>{@code PutResult r = store.put(path); System.out.println(r.digest() + " " + r.size());}
 *
 * @param digest the content address
 * @param size size in bytes
 * @param uploaded true when the bytes were written to the store by this call
 */
public record PutResult(Digest digest, long size, boolean uploaded) {

    /**
     * {@code new PutResult(Digest.of(bytes), bytes.length, true)}
     *
     * @throws IllegalArgumentException when digest is null or size is negative
     */
    public PutResult {
        if (digest == null) {
            throw new IllegalArgumentException("digest must not be null");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
    }
}
