package dev.provenant.cli.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The server of one {@code PROVENANT_HOME}, seen from outside: a running server holds an OS lock
 * on {@code server.lock} (which names its pid, see the api's {@code HomeLock}) and has written its
 * address to {@code server.url}. Asking costs a file lock attempt, no Spring and no database.
 */
public final class LocalServer {

    private final Path home;

    public LocalServer(Path home) {
        this.home = home;
    }

    public Path home() {
        return home;
    }

    /**
     * The pid of the server holding this home's lock, if one does. The lock, not the pid in the file,
     * decides: the file outlives a killed server, and its pid may have been reused.
     */
    public OptionalLong holder() {
        Path lockFile = home.resolve("server.lock");
        long pid = pidIn(lockFile);
        if (pid == ProcessHandle.current().pid()) {
            // A server in this JVM (tests, embedding). Probing would be wrong here: closing a second
            // channel on the file can drop this process's own lock.
            return OptionalLong.of(pid);
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return pid > 0
                        ? OptionalLong.of(pid)
                        : OptionalLong.of(ProcessHandle.current().pid());
            }
            if (lock == null) {
                return pid > 0 ? OptionalLong.of(pid) : OptionalLong.of(-1);
            }
            lock.release();
            return OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            // cannot open it (permissions): fall back to whether the named process lives
            return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    ? OptionalLong.of(pid)
                    : OptionalLong.empty();
        }
    }

    /**
     * Whether a server already holds this home; if so, says so on {@code err} naming its pid and
     * what to do. {@code provenant server} asks this before starting Spring (seconds), so a second
     * server on a held home refuses at once.
     */
    public boolean refuseSecondServer(java.io.PrintStream err) {
        OptionalLong holder = holder();
        if (holder.isEmpty()) {
            return false;
        }
        String url = url();
        err.println("provenant: another Provenant server"
                + (holder.getAsLong() > 0 ? " (pid " + holder.getAsLong() + (url == null ? "" : ", " + url) + ")" : "")
                + " is already using PROVENANT_HOME=" + home
                + "; stop it with `provenant server stop`, or set PROVENANT_HOME to another directory");
        err.flush();
        return true;
    }

    /**
     * Whether {@code args} start a server ({@code server [--port N] [--idle-timeout D]}), as opposed
     * to {@code server status|stop} or help: then {@code main} checks the home before it even builds
     * the command line, which on a loaded machine is most of a second.
     */
    public static boolean startsAServer(String[] args) {
        if (args.length == 0 || !args[0].equals("server")) {
            return false;
        }
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")
                    && (i == 1 || !args[i - 1].equals("--port") && !args[i - 1].equals("--idle-timeout"))) {
                return false; // a subcommand (status, stop, help) or a stray word: let picocli decide
            }
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return false;
            }
        }
        return true;
    }

    /** The address the server wrote at start, or null. */
    public String url() {
        try {
            Path f = home.resolve("server.url");
            return Files.exists(f) ? Files.readString(f).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The admin token of this home, or null. */
    public String adminToken() {
        try {
            Path f = home.resolve("admin.token");
            return Files.exists(f) ? Files.readString(f).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    static long pidIn(Path lockFile) {
        try {
            for (String line : Files.readAllLines(lockFile)) {
                if (line.startsWith("pid=")) {
                    return Long.parseLong(line.substring(4).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no file, or not written yet
        }
        return -1;
    }

    /** The {@code status} of {@code <url>/actuator/health} ({@code UP}, {@code DOWN}…), or null if it does not answer. */
    public static String health(String url) {
        if (url == null) {
            return null;
        }
        try {
            HttpClient c = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpResponse<String> r = c.send(
                    HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String status = dev.provenant.recorder.client.ProvenantClient.JSON
                    .readTree(r.body())
                    .path("status")
                    .asText("");
            return status.isEmpty() ? "HTTP " + r.statusCode() : status;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
