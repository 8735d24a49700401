package dev.provenant.recorder.run;

import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.Manifest;
import dev.provenant.artifacts.ManifestEntry;
import dev.provenant.recorder.compare.StructuredComparison;
import dev.provenant.recorder.compare.TextDiff;
import dev.provenant.recorder.compare.Tolerance;
import dev.provenant.recorder.compare.Tolerances;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares an output of a replay with the original's when their digests differ: by value within
 * the declared tolerances for CSV/TSV/JSON/JSONL outputs that have some, else as text (a bounded
 * line diff) or as bytes; a directory output file by file.
 */
final class OutputComparator {

    /** How an output compares: within tolerance or not, and what differs (null: nothing to show). */
    record Comparison(boolean withinTolerance, String detail) {}

    /** Largest file compared by value or diffed as text. */
    static final long MAX_COMPARED_BYTES = 64L << 20;

    static final long MAX_TEXT_DIFF_BYTES = 4L << 20;

    /** Files of a directory output described in a detail; the rest are counted. */
    static final int MAX_FILES_SHOWN = 20;

    private final ArtifactStore store;
    private final Tolerances tolerances;

    OutputComparator(ArtifactStore store, Tolerances tolerances) {
        this.store = store;
        this.tolerances = tolerances;
    }

    /** Compares output {@code name}: {@code original} in the store, {@code replayed} on disk (digest {@code replayDigest}). */
    Comparison compare(String name, Digest original, Path replayed, Digest replayDigest) {
        if (Files.isDirectory(replayed)) {
            return directory(name, original, replayed, replayDigest);
        }
        return file(name, null, original, replayed);
    }

    private Comparison directory(String name, Digest original, Path dir, Digest replayDigest) {
        Manifest before = store.findManifest(original).orElse(null);
        Manifest after = store.findManifest(replayDigest).orElse(null);
        if (before == null || after == null) {
            return new Comparison(false, before == null ? "a file in the original, a directory in the replay" : null);
        }
        Map<String, ManifestEntry> a = byPath(before);
        Map<String, ManifestEntry> b = byPath(after);
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        List<String> beyond = new ArrayList<>();
        List<String> within = new ArrayList<>();
        for (String p : paths) {
            ManifestEntry x = a.get(p);
            ManifestEntry y = b.get(p);
            if (x == null) {
                beyond.add(p + ": only in the replay");
            } else if (y == null) {
                beyond.add(p + ": missing in the replay");
            } else if (!Objects.equals(x.digest(), y.digest()) || !Objects.equals(x.linkTarget(), y.linkTarget())) {
                if (x.isSymlink() || y.isSymlink()) {
                    beyond.add(p + ": link " + x.linkTarget() + " → " + y.linkTarget());
                    continue;
                }
                Comparison c = file(name + "/" + p, name, x.digest(), dir.resolve(p));
                String head = p + ": " + x.size() + " → " + y.size() + " bytes";
                String body =
                        c.detail() == null ? "" : "\n" + c.detail().indent(4).stripTrailing();
                (c.withinTolerance() ? within : beyond)
                        .add(head + (c.withinTolerance() ? " (within tolerance)" : "") + body);
            } else if (x.type() != y.type()) {
                beyond.add(p + ": mode " + x.type().mode() + " → " + y.type().mode());
            }
        }
        List<String> shown = new ArrayList<>(beyond);
        shown.addAll(within);
        StringBuilder sb = new StringBuilder();
        sb.append(beyond.size() + within.size())
                .append(" of ")
                .append(paths.size())
                .append(" files differ");
        if (!within.isEmpty()) {
            sb.append(" (").append(within.size()).append(" within tolerance)");
        }
        sb.append(':');
        for (int i = 0; i < Math.min(MAX_FILES_SHOWN, shown.size()); i++) {
            sb.append('\n').append(shown.get(i));
        }
        if (shown.size() > MAX_FILES_SHOWN) {
            sb.append("\n… and ").append(shown.size() - MAX_FILES_SHOWN).append(" more files");
        }
        return new Comparison(beyond.isEmpty() && !within.isEmpty(), sb.toString());
    }

    private static Map<String, ManifestEntry> byPath(Manifest m) {
        Map<String, ManifestEntry> out = new TreeMap<>();
        m.entries().forEach(e -> out.put(e.path(), e));
        return out;
    }

    /** A file: {@code name} is its output name (or path inside directory output {@code directory}). */
    private Comparison file(String name, String directory, Digest original, Path replayed) {
        try {
            if (!Files.isRegularFile(replayed)) {
                return new Comparison(false, "not a regular file in the replay");
            }
            long size = Files.size(replayed);
            StructuredComparison.Format format = StructuredComparison.Format.of(name);
            boolean byValue = format != StructuredComparison.Format.OTHER && tolerances.appliesTo(name, directory);
            if (byValue) {
                if (size > MAX_COMPARED_BYTES) {
                    return new Comparison(
                            false,
                            "too large to compare within tolerance (over " + (MAX_COMPARED_BYTES >> 20)
                                    + " MiB); compared as bytes");
                }
                byte[] then = read(original, MAX_COMPARED_BYTES);
                if (then == null) {
                    return new Comparison(
                            false,
                            "too large to compare within tolerance (over " + (MAX_COMPARED_BYTES >> 20)
                                    + " MiB); compared as bytes");
                }
                Tolerance numeric = tolerances.numeric(name, directory);
                StructuredComparison.Result r = StructuredComparison.compare(
                        format, then, Files.readAllBytes(replayed), numeric, tolerances.ignoredFields(name, directory));
                return new Comparison(r.withinTolerance(), r.detail());
            }
            return new Comparison(false, textDiff(original, replayed, size));
        } catch (IOException | RuntimeException e) {
            return new Comparison(false, null);
        }
    }

    /** A line diff for text files up to {@link #MAX_TEXT_DIFF_BYTES}; null for binary or larger files. */
    private String textDiff(Digest original, Path replayed, long size) throws IOException {
        if (size > MAX_TEXT_DIFF_BYTES) {
            return null;
        }
        byte[] now = Files.readAllBytes(replayed);
        byte[] then = read(original, MAX_TEXT_DIFF_BYTES);
        if (then == null || binary(now) || binary(then)) {
            return null;
        }
        return TextDiff.of(new String(then, StandardCharsets.UTF_8), new String(now, StandardCharsets.UTF_8));
    }

    /** The stored bytes, or null when there are more than {@code max}. */
    private byte[] read(Digest digest, long max) throws IOException {
        try (InputStream in = store.get(digest)) {
            byte[] b = in.readNBytes((int) max + 1);
            return b.length > max ? null : b;
        }
    }

    private static boolean binary(byte[] b) {
        for (int i = 0; i < Math.min(b.length, 8192); i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
