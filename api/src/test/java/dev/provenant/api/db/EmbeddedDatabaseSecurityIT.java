package dev.provenant.api.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.api.startup.ProvenantStartupException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL accepts only Provenant: real servers (zonky), real logins over TCP on
 * the port the server listens on, as another local user would try them.
 */
class EmbeddedDatabaseSecurityIT {

    @TempDir
    Path home;

    @Test
    void givenANewHome_thenOnlyTheGeneratedPasswordLogsIn_andThePasswordFileIsOwnerOnly() throws Exception {
        Path data = home.resolve("postgres");
        Path pwFile = home.resolve(EmbeddedDatabase.PASSWORD_FILE);
        try (EmbeddedDatabase db = new EmbeddedDatabase(data, pwFile, true)) {
            assertRefused(db.port(), null);
            assertRefused(db.port(), "postgres");
            assertRefused(db.port(), db.password() + "x");
            assertThat(query(db.port(), db.password(), "provenant", "SELECT current_user"))
                    .isEqualTo("postgres");
            assertThat(query(db.port(), db.password(), "postgres", "SHOW password_encryption"))
                    .isEqualTo("scram-sha-256");
            assertThat(query(
                            db.port(),
                            db.password(),
                            "postgres",
                            "SELECT left(rolpassword, 14) FROM pg_authid" + " WHERE rolname = 'postgres'"))
                    .isEqualTo("SCRAM-SHA-256$");

            assertThat(Files.readString(pwFile).strip()).isEqualTo(db.password());
            assertThat(db.password()).hasSizeGreaterThanOrEqualTo(43);
            assertThat(mode(pwFile)).isEqualTo("rw-------");
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(EmbeddedDatabase.hbaTrusts(Files.readString(data.resolve("pg_hba.conf"))))
                    .isFalse();
            assertThat(db.jdbcUrl()).doesNotContain(db.password());
        }

        // the password file is gone: refuse to start, before starting PostgreSQL, and say what to do
        Files.delete(pwFile);
        assertThatThrownBy(() -> new EmbeddedDatabase(data, pwFile, true).close())
                .isInstanceOf(ProvenantStartupException.class)
                .hasMessageContaining("password file " + pwFile + " is missing")
                .satisfies(e -> assertThat(((ProvenantStartupException) e).action())
                        .contains("Restore postgres.password")
                        .contains("remove " + data));
    }

    @Test
    void givenAHomeInitialisedWithTrust_whenStarted_thenItIsMigratedAndTheDataIsStillThere() throws Exception {
        Path data = home.resolve("postgres");
        Path pwFile = home.resolve(EmbeddedDatabase.PASSWORD_FILE);
        initialiseTheOldWay(data);
        assertThat(EmbeddedDatabase.state(data, pwFile)).isEqualTo(EmbeddedDatabase.State.NEEDS_MIGRATION);

        String password;
        try (EmbeddedDatabase db = new EmbeddedDatabase(data, pwFile, true)) {
            password = db.password();
            assertRefused(db.port(), null);
            assertRefused(db.port(), "wrong");
            assertThat(query(db.port(), password, "provenant", "SELECT string_agg(what, ',') FROM recorded"))
                    .isEqualTo("before migration");
            assertThat(mode(pwFile)).isEqualTo("rw-------");
            assertThat(mode(data.resolve("pg_hba.conf"))).isEqualTo("rw-------");
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).isEqualTo(EmbeddedDatabase.scramOnlyHba());
        }
        assertThat(EmbeddedDatabase.state(data, pwFile)).isEqualTo(EmbeddedDatabase.State.PROTECTED);

        // the next start is an ordinary one with the same password
        try (EmbeddedDatabase db = new EmbeddedDatabase(data, pwFile, true)) {
            assertThat(db.password()).isEqualTo(password);
            assertRefused(db.port(), null);
            assertThat(query(db.port(), password, "provenant", "SELECT count(*)::text FROM recorded"))
                    .isEqualTo("1");
        }
    }

    @Test
    void givenAnInterruptedMigration_passwordFileWrittenButHbaStillTrust_whenStarted_thenItIsFinished()
            throws Exception {
        Path data = home.resolve("postgres");
        Path pwFile = home.resolve(EmbeddedDatabase.PASSWORD_FILE);
        initialiseTheOldWay(data);
        String written = EmbeddedDatabase.createPassword(pwFile);

        try (EmbeddedDatabase db = new EmbeddedDatabase(data, pwFile, true)) {
            assertThat(db.password()).isEqualTo(written);
            assertRefused(db.port(), null);
            assertThat(query(db.port(), written, "provenant", "SELECT what FROM recorded"))
                    .isEqualTo("before migration");
        }
    }

    /** As Provenant did before passwords: zonky's defaults (initdb -A trust), a row written, stopped. */
    private static void initialiseTheOldWay(Path data) throws Exception {
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start()) {
            assertThat(EmbeddedDatabase.acceptsWithoutPassword(old.getPort()))
                    .as("the old way trusts everyone")
                    .isTrue();
            try (Connection c = old.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE provenant");
            }
            try (Connection c = old.getDatabase("postgres", "provenant").getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE recorded (what text)");
                s.execute("INSERT INTO recorded VALUES ('before migration')");
            }
        }
    }

    private static void assertRefused(int port, String password) {
        assertThatThrownBy(() -> query(port, password, "postgres", "SELECT 1"))
                .as("login as postgres with password %s", password == null ? "(none)" : "'" + password + "'")
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password");
    }

    private static String query(int port, String password, String database, String sql) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
