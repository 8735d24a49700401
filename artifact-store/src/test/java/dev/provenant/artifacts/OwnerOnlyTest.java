package dev.provenant.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {

    @TempDir
    Path dir;

    @Test
    void givenAMissingDirectory_thenItIsCreated0700_andItsNewParentsKeepTheOrdinaryMode() throws Exception {
        Path d = OwnerOnly.createDirectory(dir.resolve("parent/home"));
        assertThat(mode(d)).isEqualTo("rwx------");
        assertThat(mode(d.getParent())).isNotEqualTo("rwx------");
    }

    @Test
    void givenAnExistingWideDirectoryOrFile_thenItIsNarrowed_andANarrowOneIsLeftAlone() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-x---"));
        OwnerOnly.createDirectory(d);
        assertThat(mode(d)).isEqualTo("rwx------");

        Path f = Files.writeString(dir.resolve("f"), "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        OwnerOnly.tightenFile(f);
        assertThat(mode(f)).isEqualTo("rw-------");

        Path readOnly = Files.writeString(dir.resolve("r"), "x");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--------"));
        OwnerOnly.tightenFile(readOnly);
        assertThat(mode(readOnly)).as("already private: unchanged").isEqualTo("r--------");
    }

    @Test
    void givenAnAtomicWrite_thenTheFileIs0600_replacesTheOldOne_andNoTempFileRemains() throws Exception {
        Path f = Files.writeString(dir.resolve("token"), "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnly.writeAtomically(f, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(f).hasContent("new");
        assertThat(mode(f)).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void givenTempAndNewFiles_thenTheyAre0600() throws Exception {
        assertThat(mode(OwnerOnly.createTempFile(dir, "t-", ".tmp"))).isEqualTo("rw-------");
        assertThat(mode(OwnerOnly.createFile(dir.resolve("n")))).isEqualTo("rw-------");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
