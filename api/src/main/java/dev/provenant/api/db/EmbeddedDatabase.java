package dev.provenant.api.db;

import dev.provenant.api.home.ProvenantHome;
import dev.provenant.api.startup.ProvenantStartupException;
import dev.provenant.artifacts.OwnerOnly;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real PostgreSQL server from Maven-shipped binaries (zonky), with a
 * persistent data directory under {@code PROVENANT_HOME/postgres}, listening on 127.0.0.1 only,
 * durable (fsync and synchronous commit on). Started only when no external database is set.
 *
 * <p><b>Only Provenant may connect.</b> zonky runs {@code initdb -A trust}, which lets every local
 * user connect as the superuser (and run programs through {@code COPY … TO PROGRAM}). Here initdb
 * also gets {@code --auth=scram-sha-256 --pwfile=PROVENANT_HOME/postgres.password} (later options
 * win), so {@code pg_hba.conf} accepts only SCRAM password logins and the superuser's password is
 * a random one kept in that file (mode 0600, created on first start).
 *
 * <p><b>Homes made before that</b> (pg_hba.conf with {@code trust}) are migrated at start: the
 * server starts as before, the superuser gets the password from {@code postgres.password}
 * (created if missing), {@code pg_hba.conf} is replaced by SCRAM-only lines, the configuration is
 * reloaded, and start-up waits until a password-less login is refused. Each step can be repeated,
 * so an interrupted migration is finished on the next start. A SCRAM-only data directory whose
 * password file is gone cannot be opened: start-up fails and says what to do.
 */
public class EmbeddedDatabase implements AutoCloseable {

    static final String USER = "postgres";
    static final String DATABASE = "provenant";
    static final String PASSWORD_FILE = "postgres.password";
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** What start-up finds in the data directory and the password file. */
    enum State {
        /** No cluster yet: initdb runs, with SCRAM and the password file. */
        NEW,
        /** SCRAM-only cluster and its password file: start normally. */
        PROTECTED,
        /** pg_hba.conf trusts some connections (made before passwords, or migration interrupted). */
        NEEDS_MIGRATION,
        /** SCRAM-only cluster without its password file: cannot log in. */
        PASSWORD_FILE_MISSING
    }

    private final Path dataDirectory;
    private final Path passwordFile;
    private volatile EmbeddedPostgres postgres;
    private final String password;
    private final int port;
    private java.util.concurrent.ScheduledExecutorService watchdog;
    private volatile boolean closing;
    private volatile boolean restartFailing;

    EmbeddedDatabase(ProvenantHome home, boolean start) {
        this(home.resolve("postgres"), home.resolve(PASSWORD_FILE), start);
    }

    EmbeddedDatabase(Path dataDirectory, Path passwordFile, boolean start) {
        this.dataDirectory = dataDirectory;
        this.passwordFile = passwordFile;
        if (!start) {
            this.postgres = null;
            this.password = null;
            this.port = -1;
            return;
        }
        long t0 = System.nanoTime();
        EmbeddedPostgres pg = null;
        String pw;
        try {
            State state = state(dataDirectory, passwordFile);
            if (state == State.PASSWORD_FILE_MISSING) {
                throw passwordFileMissing(dataDirectory, passwordFile);
            }
            pw = Files.exists(passwordFile) ? readPassword(passwordFile) : createPassword(passwordFile);
            OwnerOnly.createDirectory(dataDirectory);
            stopOrphan(dataDirectory);
            EmbeddedPostgres.Builder builder = builder(dataDirectory, pw);
            if (state == State.NEW) {
                // zonky puts these after its own "-A trust -U postgres", so they win.
                builder.setLocaleConfig("auth", "scram-sha-256")
                        .setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString());
            }
            pg = builder.start();
            if (state == State.NEEDS_MIGRATION) {
                migrate(pg, pw);
            }
            ensureDatabase(pg);
        } catch (ProvenantStartupException e) {
            closeQuietly(pg);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(pg);
            if (isWrongPassword(e)) {
                throw new ProvenantStartupException(
                        "The embedded PostgreSQL in " + dataDirectory + " refused the password in " + passwordFile
                                + ": that file does not hold the password of its user '" + USER + "'.",
                        "Restore " + passwordFile.getFileName() + " from a backup of PROVENANT_HOME. If nothing in the"
                                + " database is needed, stop Provenant and remove " + dataDirectory
                                + "; the next start creates an empty database.",
                        e);
            }
            throw new ProvenantStartupException(
                    "Cannot start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(),
                    "Make sure no other PostgreSQL uses that directory. Where user namespaces are disabled (some "
                            + "container set-ups) run as a non-root user, or set PROVENANT_DB_URL to an external "
                            + "PostgreSQL.",
                    e);
        } catch (Exception e) {
            closeQuietly(pg);
            throw new ProvenantStartupException(
                    "Cannot prepare the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(),
                    "Remove a damaged data directory only if it holds nothing you need, or set PROVENANT_DB_URL.",
                    e);
        }
        this.postgres = pg;
        this.password = pw;
        this.port = pg.getPort();
        log.info(
                "Embedded PostgreSQL on 127.0.0.1:{} (data {}) started in {} ms",
                postgres.getPort(),
                dataDirectory,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static EmbeddedPostgres.Builder builder(Path dataDirectory, String pw) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // zonky's test-oriented defaults trade durability for speed; a crash must not
                // lose acknowledged events here.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("password_encryption", "scram-sha-256")
                // zonky's readiness check and getPostgresDatabase() log in with it (a trusting
                // server being migrated ignores it)
                .setConnectConfig("password", pw)
                .setPGStartupWait(Duration.ofSeconds(60));
    }

    /**
     * Watches the embedded PostgreSQL every {@code every}: when its postmaster died under the
     * running server (killed, crashed), it is started again on the same port and data directory,
     * so the connection pool reconnects and requests answer again (meanwhile they are told
     * DATABASE_UNAVAILABLE). Crash recovery of PostgreSQL replays its WAL: every committed
     * (acknowledged) transaction is kept.
     */
    void watch(Duration every) {
        if (postgres == null || watchdog != null) {
            return;
        }
        watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-postgres-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(
                this::restartIfDead, every.toMillis(), every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Whether this JVM is running its shutdown hooks (a hook can no longer be added then). */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** Whether the postmaster named in {@code postmaster.pid} is alive. */
    boolean alive() {
        try {
            java.util.List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false; // no pid file: PostgreSQL removed it on exit, or never wrote it
        }
    }

    /** Starts PostgreSQL again if it died; returns whether it did. */
    synchronized boolean restartIfDead() {
        if (closing || postgres == null || alive()) {
            return false;
        }
        if (jvmShuttingDown()) {
            // SIGTERM (provenant server stop, kill <pid>): the embedded PostgreSQL's own shutdown hook
            // stopped it before Spring closed this bean. Starting it again would leave it running,
            // orphaned, after this JVM exits.
            return false;
        }
        if (!restartFailing) {
            log.warn(
                    "The embedded PostgreSQL (data {}, port {}) is not running; starting it again",
                    dataDirectory,
                    port);
        }
        long t0 = System.nanoTime();
        try {
            stopOrphan(dataDirectory);
            // the dead instance still holds zonky's lock on the data directory: let it go first
            // (its stop finds no server and returns)
            closeQuietly(postgres);
            postgres = builder(dataDirectory, password).setPort(port).start();
            log.info(
                    "Embedded PostgreSQL restarted on 127.0.0.1:{} in {} ms (crash recovery kept every committed"
                            + " transaction)",
                    port,
                    (System.nanoTime() - t0) / 1_000_000);
            restartFailing = false;
            return true;
        } catch (IOException | RuntimeException e) {
            if (jvmShuttingDown()) {
                // the shutdown began while PostgreSQL was starting: stop what did start
                try {
                    stopOrphan(dataDirectory);
                } catch (IOException | InterruptedException stopFailed) {
                    log.warn("Cannot stop the embedded PostgreSQL during shutdown: {}", stopFailed.toString());
                }
                return false;
            }
            // backends of the dead postmaster may still hold its shared memory for a moment: next time
            if (!restartFailing) {
                log.warn("Cannot restart the embedded PostgreSQL yet: {} (trying again)", e.toString(), e);
                restartFailing = true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A PostgreSQL left running on this data directory by a server that died without stopping it
     * (kill -9, a crash): {@code postmaster.pid} names a live postgres process. It is stopped (fast
     * shutdown, then killed with its children after 10 s) so this start does not wait a minute for
     * a port and data directory that are taken, and fail.
     */
    static void stopOrphan(Path dataDirectory) throws IOException, InterruptedException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException e) {
            return; // not a pid file PostgreSQL wrote: let PostgreSQL judge it
        }
        java.util.Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()
                || !process.get()
                        .info()
                        .command()
                        .map(c -> c.endsWith("postgres"))
                        .orElse(true)) {
            return; // gone (a stale file PostgreSQL itself clears), or the pid was reused by something else
        }
        log.warn(
                "PostgreSQL (pid {}) is still running on {} from a server that did not stop it; stopping it",
                pid,
                dataDirectory);
        long t0 = System.nanoTime();
        ProcessHandle postmaster = process.get();
        java.util.List<ProcessHandle> children = postmaster.descendants().toList();
        new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (postmaster.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (postmaster.isAlive()) {
            postmaster.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        while (postmaster.isAlive()
                && System.nanoTime() < deadline + Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(50);
        }
        log.info("stopped the orphaned PostgreSQL (pid {}) in {} ms", pid, (System.nanoTime() - t0) / 1_000_000);
    }

    // ---- start-up decisions, kept small and static so they can be tested without a server ----

    static State state(Path dataDirectory, Path passwordFile) throws IOException {
        // zonky runs initdb exactly when postgresql.conf is missing
        if (!Files.exists(dataDirectory.resolve("postgresql.conf"))) {
            return State.NEW;
        }
        if (hbaTrusts(Files.readString(dataDirectory.resolve("pg_hba.conf"), StandardCharsets.UTF_8))) {
            return State.NEEDS_MIGRATION;
        }
        return Files.exists(passwordFile) ? State.PROTECTED : State.PASSWORD_FILE_MISSING;
    }

    /**
     * Whether any rule of a pg_hba.conf has the method {@code trust}. Comments and blank lines are
     * skipped and continuation lines (trailing backslash) joined; the method is searched from the
     * fourth field on ({@code local DB USER METHOD}, {@code host DB USER ADDRESS [MASK] METHOD}),
     * options after it are {@code name=value} and never equal {@code trust}.
     */
    static boolean hbaTrusts(String hba) {
        for (List<String> rule : hbaRules(hba)) {
            for (int i = 3; i < rule.size(); i++) {
                if (rule.get(i).equals("trust")) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<List<String>> hbaRules(String hba) {
        List<List<String>> rules = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : hba.split("\\R", -1)) {
            String line = stripComment(raw).strip();
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String rule = pending.toString().strip();
            pending.setLength(0);
            if (!rule.isEmpty()) {
                rules.add(List.of(rule.split("\\s+")));
            }
        }
        return rules;
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** The only rules a Provenant home's PostgreSQL has: password (SCRAM) logins, local and loopback. */
    static String scramOnlyHba() {
        return """
                # Written by Provenant: password (SCRAM) logins only, so other local users cannot connect.
                # The password of the user 'postgres' is in PROVENANT_HOME/postgres.password.
                # TYPE  DATABASE  USER  ADDRESS       METHOD
                local   all       all                 scram-sha-256
                host    all       all   127.0.0.1/32  scram-sha-256
                host    all       all   ::1/128       scram-sha-256
                """;
    }

    /** A new random password (32 bytes from SecureRandom, URL-safe base64), written 0600. */
    static String createPassword(Path file) throws IOException {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OwnerOnly.writeAtomically(file, (pw + "\n").getBytes(StandardCharsets.US_ASCII));
        return pw;
    }

    /** The password in the file's first line; refuses an empty or unusable one. */
    static String readPassword(Path file) throws IOException {
        OwnerOnly.tightenFile(file);
        String content = Files.readString(file, StandardCharsets.UTF_8);
        String pw = content.lines().findFirst().orElse("").strip();
        if (pw.isEmpty() || pw.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ProvenantStartupException(
                    "The password file " + file + " is empty or damaged.",
                    "Restore it from a backup of PROVENANT_HOME. If nothing in the embedded database is needed,"
                            + " stop Provenant and remove both it and the data directory "
                            + file.resolveSibling("postgres") + "; the next start creates new ones.",
                    null);
        }
        return pw;
    }

    static ProvenantStartupException passwordFileMissing(Path dataDirectory, Path passwordFile) {
        return new ProvenantStartupException(
                "The embedded PostgreSQL in " + dataDirectory + " accepts only password logins, but its password"
                        + " file " + passwordFile + " is missing.",
                "Restore " + passwordFile.getFileName() + " into " + passwordFile.getParent() + " from a backup of"
                        + " PROVENANT_HOME (it holds the password of the database user '" + USER + "'). If nothing"
                        + " in the database is needed, stop Provenant and remove " + dataDirectory
                        + "; the next start creates an empty database with a new password.",
                null);
    }

    // ---- migration of a trusting cluster ----

    /**
     * Sets the superuser's password, replaces pg_hba.conf with SCRAM-only rules (atomically, 0600),
     * reloads the configuration and waits until a password-less login is refused. Safe to repeat.
     */
    private void migrate(EmbeddedPostgres pg, String pw) throws SQLException, IOException, InterruptedException {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            setPassword(c, USER, pw);
            writeScramOnlyHba(dataDirectory);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_reload_conf()")) {
                rs.next();
            }
        }
        awaitPasswordRequired(pg.getPort());
        log.info(
                "Migrated PROVENANT_HOME {}: the embedded PostgreSQL trusted every local connection and now"
                        + " requires the password in {}",
                passwordFile.toAbsolutePath().getParent(),
                passwordFile);
    }

    /**
     * {@code ALTER ROLE … PASSWORD} with the SCRAM verifier computed by the driver, so the password
     * itself is never part of an SQL text (nor of the server's log) and needs no quoting.
     */
    static void setPassword(Connection c, String user, String pw) throws SQLException {
        c.unwrap(PGConnection.class).alterUserPassword(user, pw.toCharArray(), "scram-sha-256");
    }

    static void writeScramOnlyHba(Path dataDirectory) throws IOException {
        OwnerOnly.writeAtomically(
                dataDirectory.resolve("pg_hba.conf"), scramOnlyHba().getBytes(StandardCharsets.US_ASCII));
    }

    /** pg_reload_conf() only signals the postmaster: wait until it applies the new rules. */
    private static void awaitPasswordRequired(int port) throws InterruptedException {
        long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
        while (acceptsWithoutPassword(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL still accepts logins without a password after "
                        + RELOAD_WAIT.toSeconds() + " s (pg_hba.conf reload)");
            }
            Thread.sleep(50);
        }
    }

    static boolean acceptsWithoutPassword(int port) {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("connectTimeout", "5");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean isWrongPassword(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "28P01".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void ensureDatabase(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException | RuntimeException e) {
                log.warn("Cannot stop the embedded PostgreSQL: {}", e.getMessage());
            }
        }
    }

    /** Without the password: it is passed to the driver separately ({@link #password()}). */
    String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    /** The superuser's password, from {@code PROVENANT_HOME/postgres.password}. */
    String password() {
        return password;
    }

    int port() {
        return port;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    Path passwordFile() {
        return passwordFile;
    }

    @Override
    public void close() throws IOException {
        closing = true;
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        synchronized (this) {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
