package dev.provenant.recorder.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.provenant.recorder.trace.StraceParser.FileAccess;
import dev.provenant.recorder.trace.StraceParser.Kind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines as strace 6.1 writes them with {@code -f}, with and without {@code -y}. */
class StraceParserTest {

    private static final Path CWD = Path.of("/work/step");

    @Test
    void givenReadOnlyOpen_whenParsed_thenReadResolvedAgainstTheCwd() {
        List<FileAccess> a = StraceParser.parse(List.of("29312 openat(AT_FDCWD, \"cfg.txt\", O_RDONLY) = 3"), CWD);
        assertThat(a)
                .containsExactly(new FileAccess(29312, Kind.READ, Path.of("/work/step/cfg.txt"), true, null, false));
    }

    @Test
    void givenWriteFlags_whenParsed_thenWrites() {
        List<FileAccess> a = StraceParser.parse(
                List.of(
                        "1 openat(AT_FDCWD, \"a\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3",
                        "1 openat(AT_FDCWD, \"b\", O_RDWR|O_CLOEXEC) = 4",
                        "1 open(\"c\", O_RDONLY|O_CREAT, 0644) = 5",
                        "1 creat(\"d\", 0644) = 6"),
                CWD);
        assertThat(a).extracting(FileAccess::kind).containsOnly(Kind.WRITE);
        assertThat(a)
                .extracting(FileAccess::path)
                .extracting(Path::toString)
                .containsExactly("/work/step/a", "/work/step/b", "/work/step/c", "/work/step/d");
    }

    @Test
    void givenEnoent_whenParsed_thenFailedWithErrno() {
        List<FileAccess> a = StraceParser.parse(
                List.of(
                        "6 openat(AT_FDCWD, \"missing.json\", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)"),
                CWD);
        assertThat(a)
                .containsExactly(
                        new FileAccess(6, Kind.READ, Path.of("/work/step/missing.json"), false, "ENOENT", false));
    }

    @Test
    void givenUnfinishedAndResumedLines_whenParsed_thenJoinedPerPid() {
        List<FileAccess> a = StraceParser.parse(
                List.of(
                        "100 openat(AT_FDCWD, \"data/x.csv\", O_RDONLY <unfinished ...>",
                        "101 openat(AT_FDCWD, \"out.txt\", O_WRONLY|O_CREAT, 0644 <unfinished ...>",
                        "100 <... openat resumed>) = 3",
                        "101 <... openat resumed>) = -1 EACCES (Permission denied)"),
                CWD);
        assertThat(a)
                .containsExactly(
                        new FileAccess(100, Kind.READ, Path.of("/work/step/data/x.csv"), true, null, false),
                        new FileAccess(101, Kind.WRITE, Path.of("/work/step/out.txt"), false, "EACCES", false));
    }

    @Test
    void givenChdir_whenParsed_thenLaterRelativePathsOfThatPidResolveThere() {
        List<FileAccess> a = StraceParser.parse(
                List.of(
                        "7 chdir(\"sub\") = 0",
                        "7 openat(AT_FDCWD, \"../conf/a.yaml\", O_RDONLY) = 3",
                        "8 openat(AT_FDCWD, \"b.yaml\", O_RDONLY) = 3"),
                CWD);
        assertThat(a)
                .extracting(FileAccess::path)
                .extracting(Path::toString)
                .containsExactly("/work/step/conf/a.yaml", "/work/step/b.yaml");
    }

    @Test
    void givenYDecorations_whenParsed_thenTheKernelsPathWins() {
        List<FileAccess> a = StraceParser.parse(
                List.of(
                        "29699 openat(AT_FDCWD</tmp/w14t>, \"many/f12.txt\", O_RDONLY|O_CLOEXEC) = 3</tmp/w14t/many/f12.txt>",
                        "29699 openat(AT_FDCWD</tmp/w14t>, \"gone.txt\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                        "29699 openat(3</srv/data>, \"part-0\", O_RDONLY|O_CLOEXEC) = 4</srv/data/part-0>",
                        "29699 openat(AT_FDCWD</tmp/w14t>, \"d\", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 3</tmp/w14t/d>"),
                CWD);
        assertThat(a)
                .extracting(FileAccess::path)
                .extracting(Path::toString)
                .containsExactly("/tmp/w14t/many/f12.txt", "/tmp/w14t/gone.txt", "/srv/data/part-0", "/tmp/w14t/d");
        assertThat(a.get(3).directory()).isTrue();
    }

    @Test
    void givenExecveAndRename_whenParsed_thenExecAndWriteOfTheTarget() {
        List<FileAccess> a = StraceParser.parse(
                List.of(
                        "5 execve(\"/usr/bin/python3\", [\"python3\", \"train.py\"], 0x7ffc /* 35 vars */) = 0",
                        "5 execve(\"/root/.cargo/bin/bash\", [\"bash\"], 0x7ffe /* 35 vars */) = -1 ENOENT (No such file or directory)",
                        "5 rename(\"model.tmp\", \"model.bin\") = 0",
                        "5 renameat2(AT_FDCWD, \"a.tmp\", AT_FDCWD, \"a.json\", RENAME_NOREPLACE) = 0",
                        "5 +++ exited with 0 +++"),
                CWD);
        assertThat(a).extracting(FileAccess::kind).containsExactly(Kind.EXEC, Kind.EXEC, Kind.WRITE, Kind.WRITE);
        assertThat(a.get(0).ok()).isTrue();
        assertThat(a.get(1).ok()).isFalse();
        assertThat(a.get(2).path()).isEqualTo(Path.of("/work/step/model.bin"));
        assertThat(a.get(3).path()).isEqualTo(Path.of("/work/step/a.json"));
    }

    @Test
    void givenEscapedAndNonAsciiPaths_whenParsed_thenDecodedAsUtf8() {
        List<FileAccess> a = StraceParser.parse(
                List.of(
                        "1 openat(AT_FDCWD, \"caf\\303\\251 \\\"x\\\", y.txt\", O_RDONLY) = 3",
                        "1 openat(AT_FDCWD, \"t\\x41b\", O_RDONLY) = 3"),
                CWD);
        assertThat(a)
                .extracting(FileAccess::path)
                .extracting(Path::toString)
                .containsExactly("/work/step/café \"x\", y.txt", "/work/step/tAb");
    }

    @Test
    void givenOpenat2_whenParsed_thenFlagsReadFromTheStruct() {
        List<FileAccess> a = StraceParser.parse(
                List.of("1 openat2(AT_FDCWD, \"w.bin\", {flags=O_WRONLY|O_CREAT, mode=0644, resolve=0}, 24) = 3"), CWD);
        assertThat(a.get(0).kind()).isEqualTo(Kind.WRITE);
    }

    @Test
    void givenNoise_whenParsed_thenIgnored() {
        assertThat(StraceParser.parse(
                        List.of(
                                "",
                                "12 --- SIGCHLD {si_signo=SIGCHLD} ---",
                                "12 <... openat resumed>) = 3",
                                "12 newfstatat(AT_FDCWD, \"x\", {st_mode=S_IFREG|0644, st_size=1, ...}, 0) = 0"),
                        CWD))
                .isEmpty();
    }
}
