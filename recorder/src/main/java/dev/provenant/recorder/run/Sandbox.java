package dev.provenant.recorder.run;

import dev.provenant.recorder.client.CliException;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a replayed command sealed off from the machine with bubblewrap ({@code bwrap}): its own
 * user, PID, IPC, UTS and network namespaces (so no network and no view of other processes), the
 * system directories read-only, a private {@code /tmp}, only its work directory writable, and an
 * environment rebuilt from scratch (no token, no {@code PROVENANT_*} setting, nothing of the
 * caller's environment). When Provenant runs as root the command also runs as {@code nobody}
 * (through {@code setpriv}, all capabilities dropped, no new privileges), and its work directory is
 * handed to that user first.
 */
public final class Sandbox {

    /** The uid/gid a root-run sandbox drops to. */
    static final int NOBODY = 65534;

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final String bwrap;
    private final String setpriv;
    private final boolean dropToNobody;

    private Sandbox(String bwrap, String setpriv, boolean dropToNobody) {
        this.bwrap = bwrap;
        this.setpriv = setpriv;
        this.dropToNobody = dropToNobody;
    }

    /** Whether the command runs as another user than this process (root dropping to nobody). */
    public boolean dropsToNobody() {
        return dropToNobody;
    }

    /** The sandbox of this machine; an error telling what to install when bubblewrap is missing. */
    public static Sandbox require() {
        String bwrap = which("bwrap");
        if (bwrap == null) {
            throw new CliException(
                    1,
                    "a hermetic replay needs bubblewrap (bwrap), which is not installed: apt-get install bubblewrap"
                            + " (Debian/Ubuntu) or dnf install bubblewrap");
        }
        boolean root = isRoot();
        String setpriv = which("setpriv");
        if (root && setpriv == null) {
            throw new CliException(1, "a hermetic replay as root needs setpriv (util-linux) to drop to nobody");
        }
        return new Sandbox(bwrap, setpriv, root);
    }

    public static boolean available() {
        return which("bwrap") != null && (!isRoot() || which("setpriv") != null);
    }

    public static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", PATH).split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String dir : PATH.split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /**
     * Makes the work directory the sandbox user's when that user is not us (root dropping to
     * nobody): every file and directory below it, without following links.
     */
    public void prepare(Path workdir) {
        if (!dropToNobody) {
            return;
        }
        try {
            UserPrincipalLookupService users = workdir.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal nobody = users.lookupPrincipalByName(Integer.toString(NOBODY));
            GroupPrincipal nogroup = users.lookupPrincipalByGroupName(Integer.toString(NOBODY));
            Files.walkFileTree(workdir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    own(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    own(file);
                    return FileVisitResult.CONTINUE;
                }

                private void own(Path p) throws IOException {
                    PosixFileAttributeView view =
                            Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                    view.setOwner(nobody);
                    view.setGroup(nogroup);
                }
            });
            Files.setPosixFilePermissions(
                    workdir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            // the sandbox user must be able to reach its work directory
            for (Path p = workdir.getParent(); p != null; p = p.getParent()) {
                if (!Files.isReadable(p)) {
                    break;
                }
                var perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new CliException(
                            1,
                            "the sandbox user cannot reach " + workdir + ": " + p + " is not searchable by others;"
                                    + " replay into a directory under a searchable parent (--workdir)");
                }
            }
        } catch (IOException e) {
            throw new CliException(1, "cannot hand " + workdir + " to the sandbox user: " + e.getMessage());
        }
    }

    /** Exactly the environment a command wrapped with {@code environment} gets. */
    public Map<String, String> environment(Map<String, String> environment) {
        Path javaHome =
                Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
        Map<String, String> env = new TreeMap<>(environment);
        env.putIfAbsent("PATH", PATH + ":" + javaHome.resolve("bin"));
        env.putIfAbsent("HOME", "/tmp");
        env.putIfAbsent("TMPDIR", "/tmp");
        env.putIfAbsent("LANG", "C.UTF-8");
        return env;
    }

    /**
     * The command line that runs {@code command} in the sandbox with exactly {@code environment}
     * (plus PATH, HOME, TMPDIR and LANG when not given).
     */
    public List<String> wrap(Path workdir, List<String> command, Map<String, String> environment) {
        return wrap(workdir, command, environment, List.of());
    }

    /**
     * As {@link #wrap(Path, List, Map)}, with {@code writable} directories bound read-write at
     * the same paths (the tracer's output directory); {@link #prepare} them first.
     */
    public List<String> wrap(Path workdir, List<String> command, Map<String, String> environment, List<Path> writable) {
        List<String> cmd = new ArrayList<>();
        if (dropToNobody) {
            cmd.addAll(List.of(
                    setpriv,
                    "--reuid=" + NOBODY,
                    "--regid=" + NOBODY,
                    "--clear-groups",
                    "--inh-caps=-all",
                    "--bounding-set=-all",
                    "--no-new-privs"));
        }
        cmd.add(bwrap);
        cmd.addAll(List.of("--unshare-all", "--die-with-parent", "--new-session"));
        cmd.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String top : List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt")) {
            Path p = Path.of(top);
            if (Files.isSymbolicLink(p)) {
                try {
                    cmd.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), top));
                } catch (IOException e) {
                    throw new CliException(1, "cannot read link " + top + ": " + e.getMessage());
                }
            } else if (Files.isDirectory(p)) {
                cmd.addAll(List.of("--ro-bind", top, top));
            }
        }
        Path javaHome =
                Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
        if (!javaHome.startsWith("/usr") && !javaHome.startsWith("/opt")) {
            cmd.addAll(List.of("--ro-bind", javaHome.toString(), javaHome.toString()));
        }
        cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        String dir = workdir.toAbsolutePath().normalize().toString();
        for (Path w : writable) {
            String d = w.toAbsolutePath().normalize().toString();
            cmd.addAll(List.of("--bind", d, d));
        }
        cmd.addAll(List.of("--bind", dir, dir, "--chdir", dir));
        cmd.add("--clearenv");
        environment(environment).forEach((k, v) -> cmd.addAll(List.of("--setenv", k, v)));
        cmd.add("--");
        cmd.addAll(command);
        return cmd;
    }
}
