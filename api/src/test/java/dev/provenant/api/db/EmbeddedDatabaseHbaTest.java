package dev.provenant.api.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provenant.api.startup.ProvenantStartupException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up decisions of the embedded database, without a server. */
class EmbeddedDatabaseHbaTest {

    /** What zonky's {@code initdb -A trust} writes (PostgreSQL 18), comments shortened. */
    static final String ZONKY_TRUST_HBA = """
            # PostgreSQL Client Authentication Configuration File
            # ===================================================
            # TYPE  DATABASE        USER            ADDRESS                 METHOD

            # "local" is for Unix domain socket connections only
            local   all             all                                     trust
            # IPv4 local connections:
            host    all             all             127.0.0.1/32            trust
            # IPv6 local connections:
            host    all             all             ::1/128                 trust
            local   replication     all                                     trust
            host    replication     all             127.0.0.1/32            trust
            host    replication     all             ::1/128                 trust
            """;

    @TempDir
    Path dir;

    @Test
    void givenZonkysDefaultHba_thenItTrusts() {
        assertThat(EmbeddedDatabase.hbaTrusts(ZONKY_TRUST_HBA)).isTrue();
    }

    @Test
    void givenProvenantsHba_thenItDoesNotTrust() {
        assertThat(EmbeddedDatabase.hbaTrusts(EmbeddedDatabase.scramOnlyHba())).isFalse();
        assertThat(EmbeddedDatabase.hbaRules(EmbeddedDatabase.scramOnlyHba())).hasSize(3);
    }

    @Test
    void givenTrustOnlyInCommentsOrNames_thenItDoesNotTrust() {
        assertThat(EmbeddedDatabase.hbaTrusts("""
                # local all all trust
                local   all   all   scram-sha-256   # was: trust
                host    trust trust 127.0.0.1/32 scram-sha-256
                """)).isFalse();
    }

    @Test
    void givenOneTrustLineAmongScram_orAMaskColumn_orAContinuation_thenItTrusts() {
        assertThat(EmbeddedDatabase.hbaTrusts("local all all scram-sha-256\nhostssl all all 0.0.0.0/0 trust\n"))
                .isTrue();
        assertThat(EmbeddedDatabase.hbaTrusts("host all all 127.0.0.1 255.255.255.255 trust"))
                .isTrue();
        assertThat(EmbeddedDatabase.hbaTrusts("local all \\\n    all trust\n")).isTrue();
        assertThat(EmbeddedDatabase.hbaTrusts("host\tall\tall\t::1/128\ttrust\r\n"))
                .isTrue();
    }

    @Test
    void givenStates_thenStartUpDecidesAsDocumented() throws Exception {
        Path data = dir.resolve("postgres");
        Path pw = dir.resolve("postgres.password");
        assertThat(EmbeddedDatabase.state(data, pw)).isEqualTo(EmbeddedDatabase.State.NEW);

        Files.createDirectories(data);
        Files.writeString(data.resolve("postgresql.conf"), "");
        Files.writeString(data.resolve("pg_hba.conf"), ZONKY_TRUST_HBA);
        assertThat(EmbeddedDatabase.state(data, pw)).isEqualTo(EmbeddedDatabase.State.NEEDS_MIGRATION);
        EmbeddedDatabase.createPassword(pw);
        assertThat(EmbeddedDatabase.state(data, pw))
                .as("password written, pg_hba.conf not yet: an interrupted migration")
                .isEqualTo(EmbeddedDatabase.State.NEEDS_MIGRATION);

        EmbeddedDatabase.writeScramOnlyHba(data);
        assertThat(EmbeddedDatabase.state(data, pw)).isEqualTo(EmbeddedDatabase.State.PROTECTED);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("pg_hba.conf"))))
                .isEqualTo("rw-------");

        Files.delete(pw);
        assertThat(EmbeddedDatabase.state(data, pw)).isEqualTo(EmbeddedDatabase.State.PASSWORD_FILE_MISSING);
    }

    @Test
    void givenANewPassword_thenItIsLongRandomUrlSafeAndOwnerOnly() throws Exception {
        Path pw = dir.resolve("postgres.password");
        String a = EmbeddedDatabase.createPassword(pw);
        assertThat(a).matches("[A-Za-z0-9_-]{43}"); // 32 bytes
        assertThat(Files.readString(pw)).isEqualTo(a + "\n");
        assertThat(EmbeddedDatabase.readPassword(pw)).isEqualTo(a);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pw)))
                .isEqualTo("rw-------");
        assertThat(EmbeddedDatabase.createPassword(dir.resolve("other"))).isNotEqualTo(a);
        try (var left = Files.list(dir)) {
            assertThat(left).as("no temp file left").hasSize(2);
        }
    }

    @Test
    void givenAnEmptyPasswordFile_thenStartUpSaysWhatToDo() throws Exception {
        Path pw = Files.writeString(dir.resolve("postgres.password"), "\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EmbeddedDatabase.readPassword(pw))
                .isInstanceOf(ProvenantStartupException.class)
                .hasMessageContaining("empty or damaged");
    }
}
