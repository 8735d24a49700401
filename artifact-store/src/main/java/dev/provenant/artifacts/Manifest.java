package dev.provenant.artifacts;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A directory or multi-file dataset as one artifact: canonical, sorted entries (relative path,
 * digest, size, type). The manifest is stored as an artifact itself, so {@link #digest()}
 * identifies the whole tree: same files, same paths, same modes → same digest.
 *
 * <p>Canonical form (UTF-8, {@code \n} line ends, fields separated by TAB, entries sorted by the
 * UTF-8 bytes of their path, no duplicates):
 *
 * <pre>
 * provenant-manifest 1
 * 100644	sha256:&lt;hex&gt;	&lt;size&gt;	&lt;path&gt;
 * 100755	sha256:&lt;hex&gt;	&lt;size&gt;	&lt;path&gt;
 * 120000	sha256:&lt;hex of target&gt;	&lt;target bytes&gt;	&lt;path&gt;	&lt;target&gt;
 * </pre>
 *
 * <p>Every manifest, whether built in memory or parsed, is validated: no {@code ..}, absolute
 * paths, duplicates, NUL or control characters, over-long names, files used as directories, or
 * symlinks that resolve outside the tree (zip-slip). Empty directories are not represented.
 *
 * <p>{@code Manifest m = Manifest.of(List.of(ManifestEntry.file("a.csv", d, 10, false)));}
 */
public final class Manifest {

    /** First line of every manifest; also how a stored artifact is recognised as a manifest. */
    public static final String HEADER = "provenant-manifest 1\n";

    /** Manifests larger than this are refused when read (about 2 million entries). */
    public static final int MAX_BYTES = 256 * 1024 * 1024;

    private static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.UTF_8);
    private static final int MAX_LINK_DEPTH = 40;
    private static final Comparator<byte[]> BYTES = Arrays::compareUnsigned;

    private final List<ManifestEntry> entries;
    private final byte[] canonical;
    private final Digest digest;

    private Manifest(List<ManifestEntry> sortedEntries) {
        this.entries = List.copyOf(sortedEntries);
        this.canonical = encode(this.entries);
        this.digest = Digest.of(canonical);
    }

    /**
     * Builds a manifest from entries in any order; sorts and validates them.
     *
     * <p>{@code Manifest m = Manifest.of(entries);}
     *
     * @param entries the entries
     * @return the manifest
     * @throws UnsafePathException for duplicate or conflicting paths and escaping symlinks
     */
    public static Manifest of(Collection<ManifestEntry> entries) {
        List<ManifestEntry> sorted = new ArrayList<>(entries);
        Map<ManifestEntry, byte[]> keyOf = new IdentityHashMap<>();
        for (ManifestEntry e : sorted) {
            keyOf.put(e, e.path().getBytes(StandardCharsets.UTF_8));
        }
        sorted.sort((a, b) -> BYTES.compare(keyOf.get(a), keyOf.get(b)));
        validateTree(sorted);
        return new Manifest(sorted);
    }

    /**
     * Parses and validates the canonical form; anything not byte-for-byte canonical is refused.
     *
     * <p>{@code Manifest m = Manifest.parse(Files.readAllBytes(path));}
     *
     * @param bytes canonical manifest bytes
     * @return the manifest
     * @throws InvalidManifestException when the bytes are not a canonical manifest
     * @throws UnsafePathException when a path is unsafe
     */
    public static Manifest parse(byte[] bytes) {
        if (!isManifest(bytes)) {
            throw new InvalidManifestException("Not a manifest: content does not start with '" + HEADER.trim() + "'.");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidManifestException("Manifest is not valid UTF-8.");
        }
        if (!text.endsWith("\n")) {
            throw new InvalidManifestException("Manifest must end with a newline.");
        }
        String[] lines = text.substring(HEADER.length()).split("\n", -1);
        List<ManifestEntry> entries = new ArrayList<>(lines.length);
        List<byte[]> keys = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length - 1; i++) {
            int lineNo = i + 2;
            String[] f = lines[i].split("\t", -1);
            ManifestEntry.Type type = f.length >= 4 ? ManifestEntry.Type.ofMode(f[0]) : null;
            if (type == null) {
                throw new InvalidManifestException("Manifest line " + lineNo
                        + ": expected '<mode>\\t<digest>\\t<size>\\t<path>' with mode 100644, 100755 or 120000.");
            }
            int expectedFields = type == ManifestEntry.Type.SYMLINK ? 5 : 4;
            if (f.length != expectedFields) {
                throw new InvalidManifestException("Manifest line " + lineNo + ": expected " + expectedFields
                        + " tab-separated fields for mode " + f[0] + ", got " + f.length + ".");
            }
            long size = parseSize(f[2], lineNo);
            Digest digest;
            try {
                digest = Digest.parse(f[1]);
            } catch (InvalidDigestException e) {
                throw new InvalidManifestException("Manifest line " + lineNo + ": " + e.getMessage());
            }
            ManifestEntry entry = new ManifestEntry(f[3], digest, size, type, expectedFields == 5 ? f[4] : null);
            byte[] key = f[3].getBytes(StandardCharsets.UTF_8);
            if (!keys.isEmpty()) {
                int cmp = BYTES.compare(keys.get(keys.size() - 1), key);
                if (cmp == 0) {
                    throw new UnsafePathException("Manifest line " + lineNo + ": duplicate path '" + f[3] + "'.");
                }
                if (cmp > 0) {
                    throw new InvalidManifestException("Manifest line " + lineNo + ": path '" + f[3]
                            + "' is out of order; entries must be sorted.");
                }
            }
            entries.add(entry);
            keys.add(key);
        }
        validateTree(entries);
        Manifest m = new Manifest(entries);
        if (!Arrays.equals(m.canonical, bytes)) {
            throw new InvalidManifestException("Manifest is not in canonical form.");
        }
        return m;
    }

    /**
     * Whether bytes start like a manifest (cheap; {@link #parse} does the full check).
     *
     * <p>{@code if (Manifest.isManifest(firstBytes)) ...}
     *
     * @param prefix the first bytes of an artifact (at least the header length to say yes)
     * @return true when the manifest header is present
     */
    public static boolean isManifest(byte[] prefix) {
        if (prefix == null || prefix.length < HEADER_BYTES.length) {
            return false;
        }
        return Arrays.equals(prefix, 0, HEADER_BYTES.length, HEADER_BYTES, 0, HEADER_BYTES.length);
    }

    /**
     * Length of the header, the bytes needed by {@link #isManifest(byte[])}. {@code in.readNBytes(Manifest.headerLength())}
     *
     * @return header length in bytes
     */
    public static int headerLength() {
        return HEADER_BYTES.length;
    }

    /**
     * The entries, sorted by path. {@code for (ManifestEntry e : m.entries()) ...}
     *
     * @return an unmodifiable list
     */
    public List<ManifestEntry> entries() {
        return entries;
    }

    /**
     * The canonical bytes (a copy). {@code store.put(PutArgs.builder().stream(new ByteArrayInputStream(m.toBytes())).build())}
     *
     * @return canonical UTF-8 bytes
     */
    public byte[] toBytes() {
        return canonical.clone();
    }

    /**
     * The digest of the canonical bytes: the id of the whole tree. {@code Digest tree = m.digest();}
     *
     * @return the manifest digest
     */
    public Digest digest() {
        return digest;
    }

    /**
     * Total bytes of the files (symlinks excluded). {@code long bytes = m.totalSize();}
     *
     * @return sum of file sizes
     */
    public long totalSize() {
        long sum = 0;
        for (ManifestEntry e : entries) {
            if (!e.isSymlink()) {
                sum += e.size();
            }
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest other && digest.equals(other.digest);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + digest + ", " + entries.size() + " entries]";
    }

    private static long parseSize(String s, int lineNo) {
        boolean digits = !s.isEmpty() && s.length() <= 19 && s.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || (s.length() > 1 && s.charAt(0) == '0')) {
            throw new InvalidManifestException("Manifest line " + lineNo + ": size '" + s
                    + "' is not a non-negative decimal without leading zeros.");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new InvalidManifestException("Manifest line " + lineNo + ": size '" + s + "' is too large.");
        }
    }

    private static byte[] encode(List<ManifestEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_BYTES.length + entries.size() * 120);
        out.writeBytes(HEADER_BYTES);
        StringBuilder line = new StringBuilder(256);
        for (ManifestEntry e : entries) {
            line.setLength(0);
            line.append(e.type().mode())
                    .append('\t')
                    .append(e.digest())
                    .append('\t')
                    .append(e.size())
                    .append('\t')
                    .append(e.path());
            if (e.isSymlink()) {
                line.append('\t').append(e.linkTarget());
            }
            line.append('\n');
            out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /**
     * Tree-level rules: unique paths, no entry used as a directory by another, and every symlink
     * resolving (through other symlinks) to a place inside the tree.
     */
    private static void validateTree(List<ManifestEntry> sorted) {
        Map<String, ManifestEntry> byPath = new HashMap<>(sorted.size() * 2);
        for (ManifestEntry e : sorted) {
            if (byPath.putIfAbsent(e.path(), e) != null) {
                throw new UnsafePathException("Duplicate path '" + e.path() + "' in manifest.");
            }
        }
        Set<String> directories = new HashSet<>();
        for (ManifestEntry e : sorted) {
            String p = e.path();
            int slash = p.lastIndexOf('/');
            while (slash > 0) {
                String dir = p.substring(0, slash);
                if (!directories.add(dir)) {
                    break;
                }
                ManifestEntry clash = byPath.get(dir);
                if (clash != null) {
                    throw new UnsafePathException("Path '" + p + "' needs '" + dir + "' to be a directory, but '" + dir
                            + "' is a " + (clash.isSymlink() ? "symlink" : "file") + " in the same manifest.");
                }
                slash = dir.lastIndexOf('/');
            }
        }
        for (ManifestEntry e : sorted) {
            if (e.isSymlink()) {
                resolve(e, byPath, 0);
            }
        }
    }

    /** Resolves a symlink lexically, following other symlinks of the manifest; fails on escape. */
    private static List<String> resolve(ManifestEntry link, Map<String, ManifestEntry> byPath, int depth) {
        if (depth > MAX_LINK_DEPTH) {
            throw new UnsafePathException("Symlink '" + link.path() + "' is part of a loop or a chain longer than "
                    + MAX_LINK_DEPTH + " links.");
        }
        Deque<String> stack = new ArrayDeque<>();
        String[] own = link.path().split("/");
        for (int i = 0; i < own.length - 1; i++) {
            stack.addLast(own[i]);
        }
        for (String seg : link.linkTarget().split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (stack.isEmpty()) {
                    throw new UnsafePathException("Symlink '" + link.path() + "' -> '" + link.linkTarget()
                            + "' escapes the target directory (zip-slip); links must stay inside the tree.");
                }
                stack.removeLast();
                continue;
            }
            stack.addLast(seg);
            ManifestEntry through = byPath.get(String.join("/", stack));
            if (through != null && through.isSymlink()) {
                List<String> resolved;
                try {
                    resolved = resolve(through, byPath, depth + 1);
                } catch (UnsafePathException inner) {
                    throw new UnsafePathException("Symlink '" + link.path() + "' -> '" + link.linkTarget()
                            + "' goes through '" + through.path() + "': " + inner.getMessage());
                }
                stack.clear();
                stack.addAll(resolved);
            }
        }
        return new ArrayList<>(stack);
    }
}
