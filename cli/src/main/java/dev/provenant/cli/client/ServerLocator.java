package dev.provenant.cli.client;

import dev.provenant.artifacts.OwnerOnly;
import dev.provenant.cli.ProvenantCli;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.client.ProvenantClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the server a CLI command talks to: {@code PROVENANT_URL} if set (token from {@code
 * PROVENANT_TOKEN} or the local admin token); else the local server recorded in {@code
 * PROVENANT_HOME/server.url} if it is healthy; else it starts one in the background on the
 * embedded default and reuses it, as build daemons do. That server stops by itself after {@code
 * PROVENANT_IDLE_TIMEOUT} (default 10m) without requests.
 */
public final class ServerLocator {

    private final Map<String, String> env;

    public ServerLocator(Map<String, String> env) {
        this.env = env;
    }

    /** The process environment; {@code PROVENANT_*} system properties override it (for tests and embedding). */
    public static ServerLocator fromEnvironment() {
        return new ServerLocator(dev.provenant.artifacts.ArtifactStores.processEnvironment());
    }

    public Map<String, String> env() {
        return env;
    }

    public Path home() {
        String h = env.get("PROVENANT_HOME");
        return (h == null || h.isBlank() ? Path.of(System.getProperty("user.home"), ".provenant") : Path.of(h))
                .toAbsolutePath()
                .normalize();
    }

    /** A client for the server, starting a local one if needed. */
    public ProvenantClient connect() {
        String url = env.get("PROVENANT_URL");
        if (url != null && !url.isBlank()) {
            String token = env.get("PROVENANT_TOKEN");
            if (token == null || token.isBlank()) {
                token = readToken()
                        .orElseThrow(() -> new CliException(
                                1, "PROVENANT_URL is set but no token: set PROVENANT_TOKEN to a token of that server"));
            }
            return new ProvenantClient(url, token);
        }
        Path urlFile = home().resolve("server.url");
        String local = readUrl(urlFile);
        if (local == null || !ProvenantClient.healthy(local)) {
            local = startLocalServer(urlFile, local);
        }
        String token = readToken()
                .orElseThrow(() -> new CliException(1, "no admin token in " + home().resolve("admin.token")));
        return new ProvenantClient(local, token);
    }

    private java.util.Optional<String> readToken() {
        try {
            Path f = home().resolve("admin.token");
            return Files.exists(f) ? java.util.Optional.of(Files.readString(f).trim()) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static String readUrl(Path urlFile) {
        try {
            return Files.exists(urlFile) ? Files.readString(urlFile).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The background server runs from its own copy of the CLI jar: {@code ./provenant} rebuilds
     * {@code cli/target/provenant.jar} in place when sources change, and a JVM whose jar changes
     * under it fails to load classes (it could not even stop itself when idle). Copies are named by
     * size and modification time and kept in {@code PROVENANT_HOME/lib}; older ones are removed.
     *
     * <p>When {@code jar} is the thin jar of the extracted layout ({@code cli/target/provenant/}:
     * its manifest's {@code Class-Path} names the jars in {@code lib/} next to it), the whole layout
     * is copied, named by the sizes and times of all its jars, so that the server and the replay
     * workers it starts from that copy find their libraries.
     */
    static Path privateCopy(Path jar, Path home) {
        try {
            Path lib = OwnerOnly.createDirectory(home.resolve("lib"));
            Path copy;
            Path kept;
            if (isLayoutJar(jar)) {
                copy = copyLayout(jar, lib);
                kept = copy.getParent();
            } else {
                String name = "provenant-" + Files.size(jar) + "-"
                        + Files.getLastModifiedTime(jar).toMillis() + ".jar";
                copy = lib.resolve(name);
                if (!Files.exists(copy)) {
                    Path tmp = lib.resolve(name + ".tmp");
                    Files.copy(jar, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, copy, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                kept = copy;
            }
            removeOtherCopies(lib, kept, home);
            return copy;
        } catch (IOException e) {
            return jar; // fall back to the jar itself
        }
    }

    /** Whether {@code jar} is a thin jar whose manifest names jars in a {@code lib/} directory next to it. */
    static boolean isLayoutJar(Path jar) {
        if (!Files.isDirectory(jar.resolveSibling("lib"))) {
            return false;
        }
        try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest m = f.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(java.util.jar.Attributes.Name.CLASS_PATH);
            return cp != null && cp.trim().startsWith("lib/");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Copies the layout of {@code jar} (the jar and {@code lib/*.jar}) into {@code
     * lib/provenant-<key>/} unless that copy exists; the key sums the names, sizes and times of all
     * its jars, so a rebuild of any of them makes a new copy. Returns the copied jar.
     */
    private static Path copyLayout(Path jar, Path lib) throws IOException {
        Path libs = jar.resolveSibling("lib");
        List<Path> files = new ArrayList<>();
        files.add(jar);
        try (var list = Files.list(libs)) {
            list.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .forEach(files::add);
        }
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Path f : files) {
            md.update((jar.getParent().relativize(f) + "\0" + Files.size(f) + "\0"
                            + Files.getLastModifiedTime(f).toMillis() + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String key = java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
        Path dir = lib.resolve("provenant-" + key);
        Path copied = dir.resolve(jar.getFileName());
        if (Files.isRegularFile(copied)) {
            return copied;
        }
        Path tmp = lib.resolve(
                ".provenant-" + key + ".tmp-" + ProcessHandle.current().pid());
        deleteTree(tmp);
        Files.createDirectories(tmp.resolve("lib"));
        for (Path f : files) {
            Files.copy(f, tmp.resolve(jar.getParent().relativize(f)), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        try {
            Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            deleteTree(tmp); // another CLI made the same copy first
            if (!Files.isRegularFile(copied)) {
                throw raced;
            }
        }
        return copied;
    }

    /**
     * Removes the other copies in {@code lib} ({@code provenant-*} jars and layout directories,
     * temporary ones of crashed copies too). A server keeps the jars it has open, but one running
     * from a layout opens its libraries as it needs them: while any server holds this home, the
     * layout directories are left alone.
     */
    private static void removeOtherCopies(Path lib, Path keep, Path home) throws IOException {
        boolean serverRunning =
                new dev.provenant.cli.server.LocalServer(home).holder().isPresent();
        try (var old = Files.list(lib)) {
            for (Path p : old.toList()) {
                String n = p.getFileName().toString();
                if (p.equals(keep) || !(n.startsWith("provenant-") || n.startsWith(".provenant-"))) {
                    continue;
                }
                try {
                    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        if (!serverRunning) {
                            deleteTree(p);
                        }
                    } else if (n.endsWith(".jar")) {
                        Files.deleteIfExists(p); // a running server keeps its open file
                    }
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private String startLocalServer(Path urlFile, String staleUrl) {
        Path home = home();
        Path log = home.resolve("server.log");
        try {
            OwnerOnly.createDirectory(home); // 0700: tokens, database password and artifacts live here
            if (!Files.exists(log)) {
                OwnerOnly.createFile(log);
            }
        } catch (FileAlreadyExistsException e) {
            // another CLI created the log first
        } catch (IOException e) {
            throw new CliException(1, "cannot create PROVENANT_HOME " + home + ": " + e.getMessage());
        }
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid"); // own session: Ctrl-C in this terminal does not reach it
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String cp = System.getProperty("java.class.path");
        if (cp.endsWith(".jar") && !cp.contains(File.pathSeparator)) {
            cmd.add("-jar");
            cmd.add(privateCopy(Path.of(cp), home).toString());
        } else {
            cmd.add("-cp");
            cmd.add(cp);
            cmd.add(ProvenantCli.class.getName());
        }
        cmd.add("server");
        cmd.add("--port=0");
        cmd.add("--idle-timeout=" + env.getOrDefault("PROVENANT_IDLE_TIMEOUT", "10m"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("PROVENANT_HOME", home.toString());
        pb.environment().remove("PROVENANT_URL");
        System.err.println("provenant: starting a local server in the background (log: " + log + ")...");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CliException(1, "cannot start a local server: " + e.getMessage());
        }
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            String url = readUrl(urlFile);
            if (url != null && !url.equals(staleUrl) && ProvenantClient.healthy(url)) {
                return url;
            }
            if (!p.isAlive()) {
                // another CLI may have won the race and started one on this home
                if (url != null && ProvenantClient.healthy(url)) {
                    return url;
                }
                throw new CliException(
                        1, "the local server exited during start-up (exit " + p.exitValue() + "); see " + log);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(130, "interrupted");
            }
        }
        throw new CliException(1, "the local server did not become ready within 120 s; see " + log);
    }
}
