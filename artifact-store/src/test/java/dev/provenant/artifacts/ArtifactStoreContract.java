package dev.provenant.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ArtifactStore} must have. Each backend runs it through a subclass
 * that says how to create a store and how to reach behind its back (count objects, damage one).
 */
abstract class ArtifactStoreContract {

    @TempDir
    Path tmp;

    ArtifactStore store;

    /** A new, empty store. */
    abstract ArtifactStore newStore() throws Exception;

    /** Objects physically present in the backend, counted without using the store. */
    abstract long storedObjectCount() throws Exception;

    /** Replaces the stored bytes of an artifact behind the store's back (bit rot, tampering). */
    abstract void corrupt(Digest digest, byte[] replacement) throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    // ---------------------------------------------------------------- put / get

    @Test
    void givenAFile_whenPut_thenDigestIsSha256OfContentAndBytesComeBack() throws Exception {
        byte[] content = random(100_000, 1);
        Path file = write("a.bin", content);

        PutResult r = store.put(file);

        assertThat(r.digest().toString()).isEqualTo("sha256:" + sha256Hex(content));
        assertThat(r.size()).isEqualTo(content.length);
        assertThat(r.uploaded()).isTrue();
        assertThat(readAll(r.digest())).isEqualTo(content);
        assertThat(store.exists(r.digest())).isTrue();
        assertThat(store.stat(r.digest()).size()).isEqualTo(content.length);
    }

    @Test
    void givenStoredContent_whenPutAgainFromFileOrStream_thenNothingIsUploaded() throws Exception {
        byte[] content = random(50_000, 2);
        PutResult first = store.put(write("a.bin", content));
        long objects = storedObjectCount();

        PutResult again = store.put(write("copy.bin", content));
        PutResult stream = store.put(
                PutArgs.builder().stream(new ByteArrayInputStream(content)).build());

        assertThat(again.digest()).isEqualTo(first.digest());
        assertThat(again.uploaded()).isFalse();
        assertThat(stream.digest()).isEqualTo(first.digest());
        assertThat(stream.uploaded()).isFalse();
        assertThat(storedObjectCount()).isEqualTo(objects);
    }

    @Test
    void givenAStream_whenPut_thenSameDigestAsTheFile() throws Exception {
        byte[] content = random(70_001, 3);

        PutResult fromStream = store.put(
                PutArgs.builder().stream(new ByteArrayInputStream(content)).build());

        assertThat(fromStream.digest().hex()).isEqualTo(sha256Hex(content));
        assertThat(fromStream.uploaded()).isTrue();
        assertThat(readAll(fromStream.digest())).isEqualTo(content);
    }

    @Test
    void givenAnEmptyFile_whenPut_thenItIsStoredAndReadBack() throws Exception {
        PutResult r = store.put(write("empty", new byte[0]));

        assertThat(r.digest().toString())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(r.size()).isZero();
        assertThat(readAll(r.digest())).isEmpty();
        Path out = tmp.resolve("out/empty");
        store.materialize(
                MaterializeArgs.builder().digest(r.digest()).target(out).build());
        assertThat(out).exists().isEmptyFile();
    }

    @Test
    void givenAFileLargerThanOnePart_whenPutAndMaterialized_thenBytesAreIdentical() throws Exception {
        byte[] content = random(11 * 1024 * 1024 + 17, 4);
        Path file = write("big.bin", content);
        List<String> phases = new CopyOnWriteArrayList<>();
        long[] lastUpload = {-1};

        PutResult r = store.put(PutArgs.builder()
                .file(file)
                .progress((phase, done, total) -> {
                    if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase.name())) {
                        phases.add(phase.name());
                    }
                    if (phase == ProgressListener.Phase.UPLOAD) {
                        lastUpload[0] = done;
                    }
                })
                .build());
        Path out = tmp.resolve("big.out");
        store.materialize(
                MaterializeArgs.builder().digest(r.digest()).target(out).build());

        assertThat(phases).containsSubsequence("HASH", "UPLOAD");
        assertThat(lastUpload[0]).isEqualTo(content.length);
        assertThat(sha256Hex(Files.readAllBytes(out))).isEqualTo(sha256Hex(content));
    }

    @Test
    void givenSameContentFromManyThreads_whenPut_thenAllAgreeAndOneObjectIsStored() throws Exception {
        byte[] content = random(200_000, 5);
        Path file = write("same.bin", content);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<PutResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> store.put(file)));
            }
            Set<Digest> digests = ConcurrentHashMap.newKeySet();
            for (Future<PutResult> f : results) {
                digests.add(f.get().digest());
            }
            assertThat(digests).containsExactly(Digest.of(content));
            assertThat(storedObjectCount()).isEqualTo(1);
            assertThat(readAll(Digest.of(content))).isEqualTo(content);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- bad input and damage

    @Test
    void givenADeclaredDigestThatDoesNotMatch_whenPut_thenIntegrityErrorAndNothingStored() throws Exception {
        byte[] content = "real content".getBytes(StandardCharsets.UTF_8);
        Digest declared = Digest.ofUtf8("something else");

        assertThatThrownBy(() -> store.put(PutArgs.builder()
                        .file(write("f", content))
                        .expectedDigest(declared)
                        .build()))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining(declared.toString())
                .hasMessageContaining(Digest.of(content).toString());
        assertThatThrownBy(() -> store.put(PutArgs.builder().stream(new ByteArrayInputStream(content))
                        .expectedDigest(declared)
                        .build()))
                .isInstanceOf(IntegrityException.class);

        assertThat(storedObjectCount()).isZero();
        assertThat(store.exists(Digest.of(content))).isFalse();
        assertThat(store.exists(declared)).isFalse();
    }

    @Test
    void givenADeclaredDigestThatMatches_whenPut_thenStored() throws Exception {
        byte[] content = "declared".getBytes(StandardCharsets.UTF_8);

        PutResult r = store.put(PutArgs.builder()
                .file(write("f", content))
                .expectedDigest(Digest.of(content))
                .build());

        assertThat(r.digest()).isEqualTo(Digest.of(content));
    }

    @Test
    void givenAnUnknownDigest_whenReadOrStat_thenNotFound() {
        Digest unknown = Digest.ofUtf8("never stored");

        assertThat(store.exists(unknown)).isFalse();
        assertThatThrownBy(() -> store.stat(unknown))
                .isInstanceOf(ArtifactNotFoundException.class)
                .hasMessageContaining(unknown.toString());
        assertThatThrownBy(() -> store.get(unknown).close()).isInstanceOf(ArtifactNotFoundException.class);
        Path out = tmp.resolve("never");
        assertThatThrownBy(() -> store.materialize(
                        MaterializeArgs.builder().digest(unknown).target(out).build()))
                .isInstanceOf(ArtifactNotFoundException.class);
        assertThat(out).doesNotExist();
    }

    @Test
    void givenDamagedStoredBytes_whenRead_thenIntegrityErrorAndNoFileMaterialized() throws Exception {
        byte[] content = random(300_000, 6);
        Digest d = store.put(write("v.bin", content)).digest();
        byte[] damaged = content.clone();
        damaged[123_456] ^= 0x01; // one flipped bit
        corrupt(d, damaged);

        assertThatThrownBy(() -> readAll(d))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("integrity error")
                .hasMessageContaining(d.toString());
        Path out = tmp.resolve("restored.bin");
        assertThatThrownBy(() -> store.materialize(
                        MaterializeArgs.builder().digest(d).target(out).build()))
                .isInstanceOf(IntegrityException.class);
        assertThat(out).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("restored"));
        }
    }

    @Test
    void
            givenAnIntactObject_whenMaterializedCheckedLater_thenTheCopyIsRight_theCheckPasses_andWritingTheCopyLeavesTheObject()
                    throws Exception {
        byte[] content = random(3_000_000, 8);
        Digest d = store.put(write("c.bin", content)).digest();
        Path out = tmp.resolve("copy/c.bin");

        PendingCheck check = store.materializeCheckedLater(
                MaterializeArgs.builder().digest(d).target(out).durable(false).build());
        // the copy's user may write to it (a replayed step appending to its input) meanwhile
        Files.write(out, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        check.await();

        assertThat(Files.size(out)).isEqualTo(content.length + 3L);
        assertThat(readAll(d)).isEqualTo(content);
        assertThatThrownBy(() -> store.materializeCheckedLater(
                        MaterializeArgs.builder().digest(d).target(out).build()))
                .isInstanceOf(ArtifactStoreException.class)
                .hasMessageContaining("already exists");
        Path never = tmp.resolve("never-checked");
        assertThatThrownBy(() -> store.materializeCheckedLater(MaterializeArgs.builder()
                        .digest(Digest.ofUtf8("never stored"))
                        .target(never)
                        .build()))
                .isInstanceOf(ArtifactNotFoundException.class);
        assertThat(never).doesNotExist();
    }

    @Test
    void givenDamagedStoredBytes_whenMaterializedCheckedLater_thenTheCheckFails() throws Exception {
        byte[] content = random(300_000, 9);
        Digest d = store.put(write("w.bin", content)).digest();
        byte[] damaged = content.clone();
        damaged[4_321] ^= 0x01;
        corrupt(d, damaged);

        // a store may refuse at once (verifying while it writes) or when the check is awaited
        assertThatThrownBy(() -> store.materializeCheckedLater(MaterializeArgs.builder()
                                .digest(d)
                                .target(tmp.resolve("w.out"))
                                .build())
                        .await())
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("integrity error")
                .hasMessageContaining(d.toString());
    }

    @Test
    void givenDamagedBytesOfADifferentLength_whenRead_thenIntegrityError() throws Exception {
        byte[] content = random(10_000, 7);
        Digest d = store.put(write("v.bin", content)).digest();
        corrupt(d, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> readAll(d)).isInstanceOf(IntegrityException.class);
    }

    @Test
    void givenAnExistingTarget_whenMaterializedWithoutOverwrite_thenRefusedAndUntouched() throws Exception {
        Digest d = store.put(write("x", "new".getBytes(StandardCharsets.UTF_8))).digest();
        Path existing = write("existing.txt", "old".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.materialize(
                        MaterializeArgs.builder().digest(d).target(existing).build()))
                .isInstanceOf(ArtifactStoreException.class)
                .hasMessageContaining("already exists");
        assertThat(existing).hasContent("old");

        store.materialize(MaterializeArgs.builder()
                .digest(d)
                .target(existing)
                .overwrite(true)
                .build());
        assertThat(existing).hasContent("new");
    }

    // ---------------------------------------------------------------- manifests

    @Test
    void givenADirectory_whenPutAndMaterialized_thenTheTreeIsRecreatedExactly() throws Exception {
        Path src = tmp.resolve("src");
        write("src/README.md", "# data\n".getBytes(StandardCharsets.UTF_8));
        write("src/train/part-0.csv", random(5000, 8));
        write("src/train/part-1.csv", random(5001, 9));
        write("src/train/nested/deep/x.bin", random(10, 10));
        write("src/empty.txt", new byte[0]);
        Path script = write("src/bin/run.sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        write("src/ünïcødé name with spaces.txt", "u".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(src.resolve("latest.csv"), Path.of("train/part-1.csv"));
        Files.createSymbolicLink(src.resolve("train/nested/up"), Path.of("../part-0.csv"));

        DirectoryPutResult put =
                store.putDirectory(DirectoryPutArgs.builder().directory(src).build());
        Path out = tmp.resolve("out/restored");
        store.materializeTree(
                MaterializeArgs.builder().digest(put.digest()).target(out).build());

        assertThat(put.manifest().entries()).hasSize(9);
        assertThat(put.filesUploaded()).isEqualTo(7);
        assertThat(describeTree(out)).isEqualTo(describeTree(src));
        assertThat(Files.isExecutable(out.resolve("bin/run.sh"))).isTrue();
        assertThat(Files.readSymbolicLink(out.resolve("latest.csv"))).isEqualTo(Path.of("train/part-1.csv"));
        assertThat(store.readManifest(put.digest())).isEqualTo(put.manifest());
        assertThat(store.findManifest(put.manifest().entries().get(0).digest())).isEmpty();

        DirectoryPutResult again =
                store.putDirectory(DirectoryPutArgs.builder().directory(src).build());
        assertThat(again.digest()).isEqualTo(put.digest());
        assertThat(again.filesUploaded()).isZero();
    }

    @Test
    void givenANewVersionOfADatasetWithThreeChangedFiles_whenPut_thenOnlyThoseThreeAreUploaded() throws Exception {
        Path data = tmp.resolve("dataset");
        for (int i = 0; i < 150; i++) {
            write("dataset/shard-" + (i % 10) + "/file-" + i + ".bin", random(512, 1000 + i));
        }
        DirectoryPutResult v1 =
                store.putDirectory(DirectoryPutArgs.builder().directory(data).build());
        long objectsAfterV1 = storedObjectCount();
        for (int i : new int[] {3, 77, 149}) {
            write("dataset/shard-" + (i % 10) + "/file-" + i + ".bin", random(512, 5000 + i));
        }

        DirectoryPutResult v2 =
                store.putDirectory(DirectoryPutArgs.builder().directory(data).build());

        assertThat(v1.filesUploaded()).isEqualTo(150);
        assertThat(v2.filesUploaded()).isEqualTo(3);
        assertThat(v2.bytesUploaded()).isEqualTo(3 * 512);
        assertThat(storedObjectCount()).isEqualTo(objectsAfterV1 + 3 + 1); // 3 files + the new manifest
        assertThat(v2.digest()).isNotEqualTo(v1.digest());
        Path out = tmp.resolve("v1");
        store.materializeTree(
                MaterializeArgs.builder().digest(v1.digest()).target(out).build());
        assertThat(Files.readAllBytes(out.resolve("shard-3/file-3.bin"))).isEqualTo(random(512, 1003));
    }

    @Test
    void givenAManifestWithADamagedFile_whenMaterialized_thenIntegrityErrorAndNoTree() throws Exception {
        Path src = tmp.resolve("src");
        write("src/a.txt", "aaaa".getBytes(StandardCharsets.UTF_8));
        write("src/b.txt", "bbbb".getBytes(StandardCharsets.UTF_8));
        DirectoryPutResult put =
                store.putDirectory(DirectoryPutArgs.builder().directory(src).build());
        corrupt(Digest.ofUtf8("bbbb"), "bbbc".getBytes(StandardCharsets.UTF_8));
        Path out = tmp.resolve("out");

        assertThatThrownBy(() -> store.materializeTree(MaterializeArgs.builder()
                        .digest(put.digest())
                        .target(out)
                        .build()))
                .isInstanceOf(IntegrityException.class);
        assertThat(out).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".out"));
        }
    }

    @Test
    void givenUnsafeManifests_whenMaterialized_thenRejectedBeforeAnythingIsWritten() throws Exception {
        Digest a = store.put("a".getBytes(StandardCharsets.UTF_8)).digest();
        String ok = "100644\t" + a + "\t1\t";
        List<String> unsafe = List.of(
                ok + "../evil.txt\n",
                ok + "/etc/evil.txt\n",
                ok + "a/./b\n",
                ok + "dup\n" + ok + "dup\n",
                ok + "x".repeat(300) + "\n",
                ok + "nul\u0000byte\n",
                "120000\t" + Digest.ofUtf8("../../outside") + "\t13\tlink\t../../outside\n",
                "120000\t" + Digest.ofUtf8("/etc/passwd") + "\t11\tlink\t/etc/passwd\n",
                "120000\t" + Digest.ofUtf8("..") + "\t2\td/up\t..\n" + "120000\t" + Digest.ofUtf8("up/..")
                        + "\t5\td/z\tup/..\n",
                ok + "file\n" + ok + "file/inside\n");
        Path out = tmp.resolve("target");
        for (String body : unsafe) {
            Digest m = store.put((Manifest.HEADER + body).getBytes(StandardCharsets.UTF_8))
                    .digest();
            assertThatThrownBy(() -> store.materializeTree(
                            MaterializeArgs.builder().digest(m).target(out).build()))
                    .as(body)
                    .isInstanceOf(InvalidManifestException.class);
            assertThat(out).doesNotExist();
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void givenADirectoryWithASymlinkEscapingIt_whenPut_thenRejectedAndNothingStored() throws Exception {
        Path src = tmp.resolve("src");
        write("src/a.txt", "a".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(src.resolve("escape"), Path.of("../../etc/passwd"));

        assertThatThrownBy(() -> store.putDirectory(
                        DirectoryPutArgs.builder().directory(src).build()))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("escape");
        assertThat(storedObjectCount()).isZero();
    }

    @Test
    void givenAManifestWhoseFilesAreNotStored_whenPutManifest_thenNotFound() {
        Manifest m = Manifest.of(List.of(ManifestEntry.file("a", Digest.ofUtf8("missing"), 7, false)));

        assertThatThrownBy(() -> store.putManifest(m)).isInstanceOf(ArtifactNotFoundException.class);
        assertThat(store.exists(m.digest())).isFalse();
    }

    // ---------------------------------------------------------------- helpers

    Path write(String relative, byte[] content) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    byte[] readAll(Digest d) throws IOException {
        try (InputStream in = store.get(d)) {
            return in.readAllBytes();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256Hex(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    /** Path → (type, content hash or link target, executable) for every entry under a root. */
    static TreeMap<String, String> describeTree(Path root) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link:" + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        out.put(rel, "file:" + sha256Hex(Files.readAllBytes(p)) + ":x=" + Files.isExecutable(p));
                    } catch (Exception e) {
                        throw new IOException(e);
                    }
                }
            }
        }
        return out;
    }
}
