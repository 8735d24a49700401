package dev.provenant.recorder.run;

import dev.provenant.artifacts.ArtifactStore;
import dev.provenant.artifacts.DirectoryPutArgs;
import dev.provenant.artifacts.DirectoryPutResult;
import dev.provenant.artifacts.PutResult;
import dev.provenant.recorder.client.CliException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A file or directory stored in the artifact store: its name (path relative to the working
 * directory), digest (of the file, or of the directory's manifest), size and kind.
 */
public record StoredPath(String name, String digest, long sizeBytes, String kind) {

    /**
     * Checks that {@code name} is a relative path inside {@code workdir} (so a replay can recreate
     * it there) and returns the resolved path.
     */
    public static Path resolveInside(Path workdir, String name, String what) {
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            throw new CliException(
                    2,
                    what + " '" + name + "' must be a relative path inside the working directory"
                            + " (so a replay can recreate it); copy or link it there");
        }
        Path resolved = workdir.resolve(p).normalize();
        if (!resolved.startsWith(workdir.normalize()) || resolved.equals(workdir.normalize())) {
            throw new CliException(2, what + " '" + name + "' escapes the working directory");
        }
        return resolved;
    }

    /** Stores a file or a directory tree and describes it. */
    public static StoredPath store(ArtifactStore store, Path workdir, String name, String fileKind) {
        Path path = resolveInside(workdir, name, "path");
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            DirectoryPutResult r = store.putDirectory(
                    DirectoryPutArgs.builder().directory(path).build());
            return new StoredPath(name, r.digest().toString(), r.manifest().totalSize(), "DIRECTORY");
        }
        if (!Files.isRegularFile(path)) {
            throw new CliException(1, "'" + name + "' does not exist in " + workdir);
        }
        PutResult r = store.put(path);
        return new StoredPath(name, r.digest().toString(), r.size(), fileKind);
    }
}
