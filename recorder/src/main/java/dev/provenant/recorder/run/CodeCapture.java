package dev.provenant.recorder.run;

import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.Manifest;
import dev.provenant.artifacts.ManifestEntry;
import dev.provenant.artifacts.PutResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Captures the code a run executes: a content-addressed snapshot of the files actually in the
 * working directory — in git, the tracked files plus untracked, non-ignored ones (so uncommitted
 * changes are in it); outside git, the files named in the command and any {@code --code} paths —
 * minus the run's declared inputs and outputs. A pipeline step's snapshot is scoped to its own code
 * (see {@link #capture(ArtifactStore, Path, List, Collection, Set, boolean)}). Also records the git
 * commit, branch and dirty flag.
 */
public final class CodeCapture {

    /** What was captured; {@code snapshotDigest} names a manifest rooted at the working directory. */
    public record Captured(
            String repository, String commit, String branch, boolean dirty, String snapshotDigest, int files) {}

    private CodeCapture() {}

    public static Captured capture(
            ArtifactStore store,
            Path workdir,
            List<String> command,
            Collection<String> extraCode,
            Set<String> exclude) {
        return capture(store, workdir, command, extraCode, exclude, false);
    }

    /**
     * As above; with {@code scoped} (a pipeline step) the snapshot holds only the step's own code:
     * the {@code code} entries (files, directories, globs such as {@code src/**.py}) when given,
     * else the files named in the command plus the local modules Python scripts among them import,
     * transitively. Git metadata is recorded either way.
     */
    public static Captured capture(
            ArtifactStore store,
            Path workdir,
            List<String> command,
            Collection<String> extraCode,
            Set<String> exclude,
            boolean scoped) {
        Set<String> files = new LinkedHashSet<>();
        String repository = null;
        String commit = null;
        String branch = null;
        boolean dirty = false;
        List<String> listed = git(workdir, "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        if (listed != null) {
            commit = first(git(workdir, "rev-parse", "HEAD"));
            branch = first(git(workdir, "rev-parse", "--abbrev-ref", "HEAD"));
            if ("HEAD".equals(branch)) {
                branch = null; // detached
            }
            repository = first(git(workdir, "config", "--get", "remote.origin.url"));
            if (repository == null) {
                repository = first(git(workdir, "rev-parse", "--show-toplevel"));
            }
            List<String> status = git(workdir, "status", "--porcelain");
            dirty = status != null && status.stream().anyMatch(s -> !s.isBlank());
            if (!scoped) {
                files.addAll(listed);
            }
        }
        if (listed == null || (scoped && extraCode.isEmpty())) {
            for (String arg : command) {
                try {
                    Path p = workdir.resolve(arg).normalize();
                    if (p.startsWith(workdir) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(workdir.relativize(p).toString());
                    }
                } catch (RuntimeException ignored) {
                    // not a path
                }
            }
        }
        if (scoped && extraCode.isEmpty()) {
            files.addAll(PythonImports.closure(workdir, files));
        }
        for (String extra : extraCode) {
            if (extra.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{')) {
                files.addAll(glob(workdir, extra));
                continue;
            }
            Path p = StoredPath.resolveInside(workdir, extra, "code path");
            if (Files.isDirectory(p)) {
                try (var walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile)
                            .forEach(f -> files.add(workdir.relativize(f).toString()));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot list " + p + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(workdir.relativize(p).toString());
            }
        }
        List<ManifestEntry> entries = new ArrayList<>();
        for (String f : files) {
            if (excluded(f, exclude)) {
                continue;
            }
            Path p = workdir.resolve(f);
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                continue; // deleted but still tracked, or a symlink: not code we can snapshot
            }
            PutResult r = store.put(p);
            entries.add(ManifestEntry.file(f.replace('\\', '/'), r.digest(), r.size(), Files.isExecutable(p)));
        }
        Manifest manifest = Manifest.of(entries);
        PutResult m = store.putManifest(manifest);
        return new Captured(repository, commit, branch, dirty, m.digest().toString(), entries.size());
    }

    /** Files under {@code workdir} (outside {@code .git}) whose relative path matches {@code pattern}. */
    static List<String> glob(Path workdir, String pattern) {
        java.nio.file.PathMatcher matcher = workdir.getFileSystem().getPathMatcher("glob:" + pattern);
        List<String> found = new ArrayList<>();
        try (var walk = Files.walk(workdir)) {
            walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .map(workdir::relativize)
                    .filter(r -> !r.startsWith(".git") && matcher.matches(r))
                    .forEach(r -> found.add(r.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + workdir + ": " + e.getMessage(), e);
        }
        java.util.Collections.sort(found);
        return found;
    }

    private static boolean excluded(String file, Set<String> exclude) {
        for (String e : exclude) {
            String norm = Path.of(e).normalize().toString();
            if (file.equals(norm) || file.startsWith(norm + "/")) {
                return true;
            }
        }
        return false;
    }

    private static String first(List<String> lines) {
        return lines == null || lines.isEmpty() || lines.get(0).isBlank()
                ? null
                : lines.get(0).trim();
    }

    /** Runs git in {@code dir}; null when git is missing or {@code dir} is not in a repository. */
    static List<String> git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            String s = new String(out, StandardCharsets.UTF_8);
            List<String> parts = new ArrayList<>();
            for (String part : s.contains("\0") ? s.split("\0") : s.split("\n")) {
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
            return parts;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
