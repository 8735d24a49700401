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
     */
    static Path privateCopy(Path jar, Path home) {
        try {
            Path lib = OwnerOnly.createDirectory(home.resolve("lib"));
            String name = "provenant-" + Files.size(jar) + "-"
                    + Files.getLastModifiedTime(jar).toMillis() + ".jar";
            Path copy = lib.resolve(name);
            if (!Files.exists(copy)) {
                Path tmp = lib.resolve(name + ".tmp");
                Files.copy(jar, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, copy, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            try (var old = Files.list(lib)) {
                old.filter(p -> p.getFileName().toString().endsWith(".jar") && !p.equals(copy))
                        .forEach(p -> {
                            try {
                                Files.deleteIfExists(p); // a running server keeps its open file
                            } catch (IOException ignored) {
                                // best effort
                            }
                        });
            }
            return copy;
        } catch (IOException e) {
            return jar; // fall back to the jar itself
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
