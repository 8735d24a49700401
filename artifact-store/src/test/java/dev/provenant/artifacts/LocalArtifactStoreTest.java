package dev.provenant.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The contract on the local directory backend, plus its layout and atomic-write details. */
class LocalArtifactStoreTest extends ArtifactStoreContract {

    Path root;

    @Override
    ArtifactStore newStore() throws Exception {
        root = Files.createTempDirectory(tmp.getParent(), "local-store");
        return LocalArtifactStore.open(root);
    }

    @Override
    long storedObjectCount() throws Exception {
        try (Stream<Path> files = Files.walk(root.resolve("sha256"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Override
    void corrupt(Digest digest, byte[] replacement) throws Exception {
        Path p = ((LocalArtifactStore) store).pathOf(digest);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(p, replacement);
    }

    @Test
    void givenAPut_thenTheObjectIsReadOnlyUnderTheFanOutPathAndNoTempFileRemains() throws Exception {
        Digest d =
                store.put(write("f", "layout".getBytes(StandardCharsets.UTF_8))).digest();

        Path expected = root.resolve("sha256")
                .resolve(d.hex().substring(0, 2))
                .resolve(d.hex().substring(2));
        assertThat(expected).exists().hasContent("layout");
        assertThat(mode(expected)).isEqualTo("r--------");
        try (Stream<Path> temps = Files.list(root.resolve("tmp"))) {
            assertThat(temps).isEmpty();
        }
    }

    @Test
    void givenAPut_thenOnlyTheOwnerCanReachOrReadIt() throws Exception {
        Digest d = store.put(write("f", "private".getBytes(StandardCharsets.UTF_8)))
                .digest();
        Path object = ((LocalArtifactStore) store).pathOf(d);

        assertThat(mode(object)).isEqualTo("r--------");
        assertThat(mode(object.getParent())).as("fan-out directory").isEqualTo("rwx------");
        assertThat(mode(root.resolve("sha256"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("tmp"))).isEqualTo("rwx------");
        assertThat(mode(root)).isEqualTo("rwx------");
    }

    @Test
    void givenAStoreWrittenByAnOlderVersion_whenOpened_thenItsTopDirectoriesAreNarrowed() throws Exception {
        Path old = Files.createTempDirectory(tmp.getParent(), "old-store");
        Path fanOut = Files.createDirectories(old.resolve("sha256/ab"));
        Files.createDirectories(old.resolve("tmp"));
        for (Path p : new Path[] {old, old.resolve("sha256"), fanOut, old.resolve("tmp")}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        try (LocalArtifactStore reopened = LocalArtifactStore.open(old)) {
            assertThat(mode(old)).isEqualTo("rwx------");
            assertThat(mode(old.resolve("sha256"))).isEqualTo("rwx------");
            assertThat(mode(old.resolve("tmp"))).isEqualTo("rwx------");
            // deliberately not walked: the 0700 parents already keep others out
            assertThat(mode(fanOut)).isEqualTo("rwxr-xr-x");
        }
    }

    @Test
    void givenANewStoreUnderMissingParents_thenOnlyTheStoreItselfIsOwnerOnly() throws Exception {
        Path parent = tmp.getParent().resolve("parents-" + System.nanoTime());
        try (LocalArtifactStore s = LocalArtifactStore.open(parent.resolve("a/store"))) {
            assertThat(mode(s.root())).isEqualTo("rwx------");
            assertThat(Files.isDirectory(parent.resolve("a"))).isTrue();
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void givenAFailedPut_thenNoObjectAndNoTempFileRemain() throws Exception {
        Path f = write("f", "abc".getBytes(StandardCharsets.UTF_8));
        try {
            store.put(PutArgs.builder()
                    .file(f)
                    .expectedDigest(Digest.ofUtf8("abd"))
                    .build());
        } catch (IntegrityException expected) {
            // wanted
        }
        assertThat(storedObjectCount()).isZero();
        try (Stream<Path> temps = Files.list(root.resolve("tmp"))) {
            assertThat(temps).isEmpty();
        }
    }
}
