package dev.provenant.recorder.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.recorder.trace.StraceParser.FileAccess;
import dev.provenant.recorder.trace.StraceParser.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classification of a trace into declared inputs, code, system and undeclared reads. */
class ReadSetTest {

    @TempDir
    Path wd;

    private FileAccess read(Path p) {
        return new FileAccess(1, Kind.READ, p, true, null, false);
    }

    private FileAccess write(Path p) {
        return new FileAccess(1, Kind.WRITE, p, true, null, false);
    }

    @Test
    void givenReadsOfEveryKind_whenClassified_thenOnlyTheUndeclaredDataFileIsNamed() throws Exception {
        Files.createDirectories(wd.resolve("data"));
        Files.createDirectories(wd.resolve("__pycache__"));
        Files.createDirectories(wd.resolve(".venv/lib/python3.11/site-packages/numpy"));
        for (String f : List.of(
                "data/train.csv",
                "train.py",
                "config.yaml",
                "local_config.json",
                "__pycache__/common.cpython-311.pyc",
                ".venv/lib/python3.11/site-packages/numpy/core.py",
                "model.bin",
                "scratch.tmp")) {
            Files.writeString(wd.resolve(f), f);
        }
        List<FileAccess> trace = new ArrayList<>(List.of(
                new FileAccess(1, Kind.EXEC, Path.of("/usr/bin/python3"), true, null, false),
                read(Path.of("/usr/lib/python3.11/os.py")),
                read(Path.of("/etc/hostname")),
                read(Path.of("/proc/self/status")),
                read(Path.of("/root/.pyenv/versions/3.11.7/lib/python3.11/json/__init__.py")),
                read(wd.resolve("train.py")),
                read(wd.resolve("data/train.csv")),
                read(wd.resolve("config.yaml")),
                read(wd.resolve("config.yaml")),
                read(wd.resolve("local_config.json")),
                read(wd.resolve("__pycache__/common.cpython-311.pyc")),
                read(wd.resolve(".venv/lib/python3.11/site-packages/numpy/core.py")),
                write(wd.resolve("scratch.tmp")),
                read(wd.resolve("scratch.tmp")),
                write(wd.resolve("model.bin")),
                read(wd.resolve("model.bin")),
                new FileAccess(1, Kind.READ, wd.resolve("data"), true, null, true),
                new FileAccess(1, Kind.READ, wd.resolve("settings.toml"), false, "ENOENT", false)));

        ReadSet rs = ReadSet.classify(
                trace, wd, List.of("data"), List.of("model.bin", "metrics.json"), List.of("train.py"), List.of());

        assertThat(rs.undeclaredReads()).extracting(rs::display).containsExactly("config.yaml", "local_config.json");
        assertThat(rs.declaredReads()).isEqualTo(1);
        assertThat(rs.codeReads()).isEqualTo(1);
        assertThat(rs.systemReads()).isEqualTo(7);
        assertThat(rs.undeclaredWrites()).extracting(rs::display).containsExactly("scratch.tmp");
        assertThat(rs.missingReads()).extracting(rs::display).containsExactly("settings.toml");
    }

    @Test
    void givenReadOutsideTheWorkdir_whenClassified_thenNamedByAbsolutePath() throws Exception {
        Path outside = Files.createTempFile("provenant-readset-", ".yaml");
        try {
            ReadSet rs = ReadSet.classify(List.of(read(outside)), wd, List.of(), List.of(), List.of(), List.of());
            assertThat(rs.undeclaredReads()).extracting(rs::display).containsExactly(outside.toString());
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void givenTempWritesAndAnEnvironmentRoot_whenClassified_thenNeitherNamed() throws Exception {
        Path jdk = wd.resolve("jdk");
        Files.createDirectories(jdk.resolve("lib"));
        Files.writeString(jdk.resolve("lib/modules"), "x");
        ReadSet rs = ReadSet.classify(
                List.of(read(jdk.resolve("lib/modules")), write(Path.of("/tmp/x.lock")), write(Path.of("/dev/null"))),
                wd.resolve("step"),
                List.of(),
                List.of(),
                List.of(),
                List.of(jdk));
        assertThat(rs.undeclaredReads()).isEmpty();
        assertThat(rs.undeclaredWrites()).isEmpty();
        assertThat(rs.systemReads()).isEqualTo(1);
    }

    @Test
    void givenAMissingFileTheStepCreatedLater_whenClassified_thenNotMissing() throws Exception {
        Files.writeString(wd.resolve("cache.json"), "{}");
        ReadSet rs = ReadSet.classify(
                List.of(
                        new FileAccess(1, Kind.READ, wd.resolve("cache.json"), false, "ENOENT", false),
                        write(wd.resolve("cache.json"))),
                wd,
                List.of(),
                List.of("cache.json"),
                List.of(),
                List.of());
        assertThat(rs.missingReads()).isEmpty();
    }
}
