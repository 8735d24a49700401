package dev.provenant.recorder.trace;

import dev.provenant.recorder.trace.StraceParser.FileAccess;
import dev.provenant.recorder.trace.StraceParser.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The files a traced command read, classified: a declared input, its code snapshot, the system and
 * environment (the interpreter and its libraries, {@code /usr}, {@code /etc}, {@code /proc}, the
 * JDK, site-packages, pyenv/conda installs, bytecode caches), or <em>undeclared</em>: every other
 * regular file it opened for reading, inside its working directory or not. A file the command
 * wrote before reading it is its own (a temp file), not an input. Writes outside the declared
 * outputs (and outside temp and system directories) that still exist when it ends are named; so
 * are files in the working directory it failed to open because they did not exist.
 *
 * @param undeclaredReads absolute paths, in the order first read
 * @param undeclaredWrites absolute paths
 * @param missingReads absolute paths inside the working directory that it tried to read and that
 *     did not exist
 */
public record ReadSet(
        Path workdir,
        List<Path> undeclaredReads,
        List<Path> undeclaredWrites,
        List<Path> missingReads,
        int declaredReads,
        int codeReads,
        int systemReads) {

    /** Directory prefixes whose files belong to the system or the environment, not to a step's data. */
    static final List<String> SYSTEM_PREFIXES = List.of(
            "/usr/",
            "/lib/",
            "/lib32/",
            "/lib64/",
            "/libx32/",
            "/bin/",
            "/sbin/",
            "/etc/",
            "/proc/",
            "/sys/",
            "/dev/",
            "/run/",
            "/opt/",
            "/snap/",
            "/nix/",
            "/var/lib/",
            "/var/cache/fontconfig/");

    /** Name fragments of environment installs wherever they are (a venv inside the work directory too). */
    static final List<String> ENVIRONMENT_PARTS = List.of(
            "/site-packages/",
            "/dist-packages/",
            "/__pycache__/",
            "/.pyenv/",
            "/.venv/lib/",
            "/venv/lib/",
            "/conda/",
            "/miniconda3/",
            "/anaconda3/",
            "/.conda/",
            "/.m2/repository/",
            "/.cache/pip/",
            "/.cargo/bin/",
            "/.rustup/",
            "/.sdkman/",
            "/node_modules/",
            "/.git/");

    /** Where writes are transient or not files: never named as undeclared writes. */
    static final List<String> TRANSIENT_PREFIXES = List.of("/tmp/", "/var/tmp/", "/dev/", "/proc/", "/sys/", "/run/");

    public ReadSet {
        undeclaredReads = List.copyOf(undeclaredReads);
        undeclaredWrites = List.copyOf(undeclaredWrites);
        missingReads = List.copyOf(missingReads);
    }

    /** {@code path} relative to the working directory when inside it, else absolute. */
    public String display(Path path) {
        return path.startsWith(workdir) ? workdir.relativize(path).toString() : path.toString();
    }

    /**
     * Classifies {@code accesses} of a command that ran in {@code workdir}.
     *
     * @param declaredInputs inputs, relative to {@code workdir} (files or directories)
     * @param declaredOutputs outputs, relative to {@code workdir} (files or directories); the metrics
     *     file belongs here too
     * @param codeFiles the files of the run's code snapshot, relative to {@code workdir}
     * @param environmentRoots more directories that belong to the environment (the JDK running the
     *     command, the interpreter's prefix)
     */
    public static ReadSet classify(
            List<FileAccess> accesses,
            Path workdir,
            Collection<String> declaredInputs,
            Collection<String> declaredOutputs,
            Collection<String> codeFiles,
            Collection<Path> environmentRoots) {
        Classifier c = new Classifier(workdir, declaredInputs, declaredOutputs, codeFiles, environmentRoots);
        accesses.forEach(c::take);
        return c.readSet();
    }

    /** The sets {@link #classify} fills, one access at a time, in the order the command made them. */
    private static final class Classifier {
        private final Path wd;
        private final List<Path> inputs;
        private final List<Path> outputs;
        private final Set<Path> code = new HashSet<>();
        private final List<Path> envRoots;

        private final Set<Path> written = new HashSet<>();
        private final Set<Path> undeclared = new LinkedHashSet<>();
        private final Set<Path> writes = new LinkedHashSet<>();
        private final Set<Path> missing = new LinkedHashSet<>();
        private final Set<Path> declared = new HashSet<>();
        private final Set<Path> codeRead = new HashSet<>();
        private final Set<Path> system = new HashSet<>();

        Classifier(
                Path workdir,
                Collection<String> declaredInputs,
                Collection<String> declaredOutputs,
                Collection<String> codeFiles,
                Collection<Path> environmentRoots) {
            wd = workdir.toAbsolutePath().normalize();
            inputs = declaredInputs.stream().map(i -> wd.resolve(i).normalize()).toList();
            outputs =
                    declaredOutputs.stream().map(o -> wd.resolve(o).normalize()).toList();
            codeFiles.forEach(c -> code.add(wd.resolve(c).normalize()));
            envRoots = environmentRoots.stream()
                    .map(p -> p.toAbsolutePath().normalize())
                    .toList();
        }

        void take(FileAccess a) {
            Path p = a.path();
            if (a.kind() == Kind.WRITE) {
                if (a.ok()) {
                    written.add(p);
                    if (!under(p, outputs) && !transientPath(p, wd) && !environment(p, envRoots, wd)) {
                        writes.add(p);
                    }
                }
                return;
            }
            if (a.directory()) {
                return;
            }
            if (!a.ok()) {
                if ("ENOENT".equals(a.errno())
                        && p.startsWith(wd)
                        && !environment(p, envRoots, wd)
                        && !written.contains(p)) {
                    missing.add(p);
                }
                return;
            }
            if (written.contains(p)) {
                return; // it wrote this itself first
            }
            if (under(p, inputs)) {
                declared.add(p);
            } else if (code.contains(p)) {
                codeRead.add(p);
            } else if (under(p, outputs)) {
                return; // reading back what it declared it writes
            } else if (environment(p, envRoots, wd)) {
                system.add(p);
            } else if (Files.isRegularFile(p)) {
                undeclared.add(p);
            }
        }

        /** The result: writes still on disk as files, and missing files that still do not exist. */
        ReadSet readSet() {
            List<Path> namedWrites = new ArrayList<>();
            for (Path w : writes) {
                if (Files.isRegularFile(w)) {
                    namedWrites.add(w);
                }
            }
            List<Path> stillMissing = new ArrayList<>();
            for (Path m : missing) {
                if (!Files.exists(m) && !written.contains(m)) {
                    stillMissing.add(m);
                }
            }
            return new ReadSet(
                    wd,
                    new ArrayList<>(undeclared),
                    namedWrites,
                    stillMissing,
                    declared.size(),
                    codeRead.size(),
                    system.size());
        }
    }

    private static boolean under(Path p, List<Path> roots) {
        for (Path r : roots) {
            if (p.startsWith(r)) {
                return true;
            }
        }
        return false;
    }

    /** Temp and pseudo files; never inside the working directory (which may itself be under /tmp). */
    static boolean transientPath(Path p, Path workdir) {
        String s = p.toString() + "/";
        return !p.startsWith(workdir) && TRANSIENT_PREFIXES.stream().anyMatch(s::startsWith) || environmentName(p);
    }

    /**
     * Whether a file belongs to the system or the environment rather than to the step's data. The
     * system directories apply outside the working directory only (it may itself be under /opt).
     */
    static boolean environment(Path p, List<Path> envRoots, Path workdir) {
        String s = p.toString();
        if (!p.startsWith(workdir) && SYSTEM_PREFIXES.stream().anyMatch(s::startsWith)) {
            return true;
        }
        if (ENVIRONMENT_PARTS.stream().anyMatch(s::contains)) {
            return true;
        }
        for (Path r : envRoots) {
            if (p.startsWith(r)) {
                return true;
            }
        }
        return environmentName(p);
    }

    /** Bytecode caches and loader files: derived from code, rewritten by interpreters at will. */
    private static boolean environmentName(Path p) {
        Path f = p.getFileName();
        if (f == null) {
            return false;
        }
        String name = f.toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".pyc") || name.endsWith(".pyo") || name.equals("pyvenv.cfg");
    }
}
