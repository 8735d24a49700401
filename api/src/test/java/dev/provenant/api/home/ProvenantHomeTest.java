package dev.provenant.api.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenantHomeTest {

    @TempDir
    Path dir;

    @Test
    void givenNoHome_thenItIsCreatedOwnerOnly() throws Exception {
        ProvenantHome home = new ProvenantHome(dir.resolve("new-home").toString());
        assertThat(mode(home.root())).isEqualTo("rwx------");
    }

    @Test
    void givenAHomeReadableByEveryone_thenItAndProvenantsOwnChildrenAreNarrowed() throws Exception {
        Path root = Files.createDirectory(dir.resolve("home"));
        Path artifacts = Files.createDirectory(root.resolve("artifacts"));
        Path replays = Files.createDirectory(root.resolve("replays"));
        Path token = Files.writeString(root.resolve("admin.token"), "t");
        Path password = Files.writeString(root.resolve("postgres.password"), "p");
        for (Path p : new Path[] {root, artifacts, replays}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : new Path[] {token, password}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }

        new ProvenantHome(root.toString());

        assertThat(mode(root)).isEqualTo("rwx------");
        assertThat(mode(artifacts)).isEqualTo("rwx------");
        assertThat(mode(token)).isEqualTo("rw-------");
        assertThat(mode(password)).isEqualTo("rw-------");
        // replay work folders are not touched (the 0700 home already keeps others out)
        assertThat(mode(replays)).isEqualTo("rwxr-xr-x");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
