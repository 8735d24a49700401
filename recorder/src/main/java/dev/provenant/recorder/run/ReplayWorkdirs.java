package dev.provenant.recorder.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replay work directories: removed once a replay proved IDENTICAL or EQUIVALENT (everything in them
 * is in the store), kept — and named — when it did not, so the differences can be inspected, or
 * when asked ({@code --keep}). {@code provenant gc --temp} removes old ones.
 */
public final class ReplayWorkdirs {

    private ReplayWorkdirs() {}

    /** After a verdict: removes {@code workdir} unless kept or the verdict calls for a look. */
    public static void settle(Path workdir, String verdict, boolean keep, PrintStream out) {
        if (workdir == null || !Files.isDirectory(workdir)) {
            return;
        }
        boolean proven = "IDENTICAL".equals(verdict) || "EQUIVALENT".equals(verdict);
        if (keep || !proven) {
            out.println("replay files kept in " + workdir + (keep ? "" : " (verdict " + verdict + ")"));
            return;
        }
        removeTree(workdir);
    }

    /** Size in bytes of what was removed; a tree that cannot be removed is left as it is. */
    public static long removeTree(Path dir) {
        long[] bytes = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    bytes[0] += attrs.isRegularFile() ? attrs.size() : 0;
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // left for gc
        }
        return bytes[0];
    }

    /** Directories directly in {@code root} last modified before {@code olderThan} ago. */
    public static List<Path> older(Path root, String prefix, Duration olderThan) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        Instant cutoff = Instant.now().minus(olderThan);
        try (var entries = Files.newDirectoryStream(root, prefix + "*")) {
            for (Path p : entries) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            // nothing to list
        }
        return found;
    }
}
