package dev.provenant.cli.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.artifacts.Digest;
import dev.provenant.artifacts.LocalArtifactStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ArtifactCommandTest {

    @TempDir
    Path tmp;

    String out;
    String err;

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cmd = new CommandLine(
                new ArtifactCommand(Map.of("PROVENANT_HOME", tmp.resolve("home").toString())));
        cmd.setOut(new PrintWriter(o, true));
        cmd.setErr(new PrintWriter(e, true));
        int code = cmd.execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void givenAFile_whenPut_thenPrintsItsDigestAndGetWritesItBack() throws Exception {
        Path f = Files.writeString(tmp.resolve("data.csv"), "a,b\n1,2\n");

        assertThat(run("put", f.toString())).isZero();
        String id = out.trim();
        assertThat(id).isEqualTo(Digest.ofUtf8("a,b\n1,2\n").toString());

        Path copy = tmp.resolve("copy.csv");
        assertThat(run("get", id, "-o", copy.toString())).isZero();
        assertThat(copy).hasContent("a,b\n1,2\n");
        assertThat(tmp.resolve("home/artifacts/sha256")).isDirectory();
    }

    @Test
    void givenJson_whenPut_thenOneJsonDocument() throws Exception {
        Path f = Files.writeString(tmp.resolve("x"), "xyz");

        assertThat(run("put", "--json", f.toString())).isZero();

        assertThat(out.trim())
                .startsWith("{\"digest\":\"" + Digest.ofUtf8("xyz") + "\",\"size\":3,\"kind\":\"file\"")
                .endsWith("}");
    }

    @Test
    void givenADirectory_whenPutAndGet_thenTheTreeComesBack() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ds/sub"));
        Files.writeString(dir.resolve("a.txt"), "A");
        Path exe = Files.writeString(tmp.resolve("ds/run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(run("put", "--json", tmp.resolve("ds").toString())).isZero();
        assertThat(out).contains("\"kind\":\"manifest\"").contains("\"files\":2");
        String id = out.substring(out.indexOf("sha256:"), out.indexOf("sha256:") + 71);

        Path restored = tmp.resolve("restored");
        assertThat(run("get", id, "-o", restored.toString())).isZero();
        assertThat(restored.resolve("sub/a.txt")).hasContent("A");
        assertThat(Files.isExecutable(restored.resolve("run.sh"))).isTrue();
    }

    @Test
    void givenDamagedStoredBytes_whenGet_thenExit5WithIntegrityErrorAndNoOutputFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("model.bin"), "weights");
        run("put", f.toString());
        Digest d = Digest.parse(out.trim());
        try (LocalArtifactStore store = LocalArtifactStore.open(tmp.resolve("home/artifacts"))) {
            Path obj = store.pathOf(d);
            Files.setPosixFilePermissions(obj, PosixFilePermissions.fromString("rw-r--r--"));
            Files.writeString(obj, "weightz");
        }
        Path target = tmp.resolve("out/model.bin");

        assertThat(run("get", d.toString(), "-o", target.toString())).isEqualTo(ArtifactCommand.EXIT_INTEGRITY);

        assertThat(err).startsWith("integrity error:").contains(d.toString());
        assertThat(target).doesNotExist();
        assertThat(tmp.resolve("out")).isEmptyDirectory();
    }

    @Test
    void givenAMalformedDigest_whenGet_thenUsageErrorNamingIt() {
        assertThat(run("get", "sha256:abc", "-o", tmp.resolve("o").toString())).isEqualTo(2);
        assertThat(err).contains("sha256:abc").contains("64");
        assertThat(run(
                        "get",
                        "md5:d41d8cd98f00b204e9800998ecf8427e",
                        "-o",
                        tmp.resolve("o").toString()))
                .isEqualTo(2);
        assertThat(err).contains("unknown algorithm");
        assertThat(tmp.resolve("o")).doesNotExist();
    }

    @Test
    void givenAnUnknownDigest_whenGet_thenExit1NotFound() {
        String unknown = Digest.ofUtf8("nothing").toString();

        assertThat(run("get", unknown, "-o", tmp.resolve("o").toString())).isEqualTo(1);
        assertThat(err).contains("not found").contains(unknown);
    }

    @Test
    void givenAMissingPath_whenPut_thenExit1() {
        assertThat(run("put", tmp.resolve("nope").toString())).isEqualTo(1);
        assertThat(err).contains("does not exist");
    }

    @Test
    void givenAnExistingOutput_whenGetWithoutForce_thenRefusedAndKept() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "new");
        run("put", f.toString());
        String id = out.trim();
        Path existing = Files.writeString(tmp.resolve("existing"), "old");

        assertThat(run("get", id, "-o", existing.toString())).isEqualTo(1);
        assertThat(existing).hasContent("old");
        assertThat(run("get", id, "-o", existing.toString(), "--force")).isZero();
        assertThat(existing).hasContent("new");
    }

    @Test
    void givenHelpOrMissingArguments_thenUsageAndExitCodes() {
        assertThat(run("put", "--help")).isZero();
        assertThat(out).contains("Usage:").contains("--json");
        assertThat(run("get", "--help")).isZero();
        assertThat(out).contains("-o");
        assertThat(run("get", Digest.ofUtf8("x").toString())).isEqualTo(2); // -o missing
        assertThat(run("put")).isEqualTo(2);
    }

    @Test
    void givenProgressForced_whenPut_thenOutputStaysTheBareDigest() throws Exception {
        Path f = Files.write(tmp.resolve("b"), new byte[1024]);

        assertThat(run("put", "--progress", f.toString())).isZero();

        assertThat(out.trim()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void givenAnExplicitEnvironmentWithoutCredentials_whenPut_thenExit1NamingTheVariables() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "x");
        StringWriter e = new StringWriter();
        CommandLine cmd = new CommandLine(new ArtifactCommand(
                Map.of("PROVENANT_HOME", tmp.toString(), "PROVENANT_S3_ENDPOINT", "http://127.0.0.1:1")));
        cmd.setErr(new PrintWriter(e, true));

        assertThat(cmd.execute("put", f.toString())).isEqualTo(1);
        assertThat(e.toString()).contains("PROVENANT_S3_ACCESS_KEY");
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).isEqualTo("x");
    }
}
