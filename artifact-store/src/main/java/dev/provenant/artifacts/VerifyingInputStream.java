package dev.provenant.artifacts;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes what passes through and, at the end of the stream, throws {@link IntegrityException} when
 * the bytes do not hash to the expected digest (or their count differs from the expected size).
 * The check runs before the final end-of-stream is reported, so a caller that copies until EOF
 * never sees a successful end on damaged bytes.
 */
final class VerifyingInputStream extends FilterInputStream {

    private final Digest expected;
    private final long expectedSize;
    private final long progressTotal;
    private final String what;
    private final MessageDigest md = Digest.newSha256();
    private final ProgressListener progress;
    private final ProgressListener.Phase phase;
    private long count;
    private long lastReported;
    private boolean verified;

    /**
     * @param expectedSize bytes expected, or -1 when unknown; with a known size the check also
     *     runs as soon as that many bytes have passed, so a reader that stops at the size (as the
     *     MinIO SDK does for uploads) still triggers it
     */
    VerifyingInputStream(
            InputStream in,
            Digest expected,
            long expectedSize,
            String what,
            ProgressListener progress,
            ProgressListener.Phase phase) {
        this(in, expected, expectedSize, expectedSize, what, progress, phase);
    }

    /** As above, with a size for progress reports that is not enforced (-1 when unknown). */
    VerifyingInputStream(
            InputStream in,
            Digest expected,
            long expectedSize,
            long progressTotal,
            String what,
            ProgressListener progress,
            ProgressListener.Phase phase) {
        super(in);
        this.progressTotal = progressTotal;
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.what = what;
        this.progress = progress == null ? ProgressListener.NONE : progress;
        this.phase = phase;
        this.progress.update(phase, 0, progressTotal);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (verified && expectedSize >= 0 && count >= expectedSize) {
            // Past the expected size: anything more is extra bytes, which is a mismatch too.
            int n = super.read(b, off, len);
            if (n > 0) {
                throw mismatch(null, "more bytes than the expected " + expectedSize);
            }
            return -1;
        }
        int n = super.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        md.update(b, off, n);
        count += n;
        if (count - lastReported >= 256 * 1024 || (expectedSize >= 0 && count >= expectedSize)) {
            lastReported = count;
            progress.update(phase, count, progressTotal);
        }
        if (expectedSize >= 0 && count >= expectedSize) {
            if (count > expectedSize) {
                throw mismatch(null, "more bytes than the expected " + expectedSize);
            }
            verify();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be hashed.
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {}

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    long count() {
        return count;
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        progress.update(phase, count, progressTotal);
        Digest actual = Digest.ofBytes(md.digest());
        if (expectedSize >= 0 && count != expectedSize) {
            throw mismatch(actual, count + " bytes instead of " + expectedSize);
        }
        if (!actual.equals(expected)) {
            throw mismatch(actual, "content hashes to " + actual);
        }
    }

    private IntegrityException mismatch(Digest actual, String detail) {
        return new IntegrityException(
                "integrity error: " + what + " should be " + expected + " but has " + detail
                        + " (damaged, tampered with, or changed while being read)",
                expected,
                actual);
    }
}
