package dev.provenant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./provenant} script finds its repository through symlinks (linked onto
 * PATH, relative links, chains). The script is copied into a fake repository with its build and
 * exec lines replaced by a line printing what it resolved, so nothing is built here.
 */
class ProvenantScriptTest {

    @TempDir
    Path tmp;

    @Test
    void givenTheScriptLinkedOntoPath_whenRun_thenItResolvesTheRepositoryAndJar() throws Exception {
        Path script = locateScript();
        String text = Files.readString(script);
        assertThat(text).contains("if stale; then").contains("exec \"$JAVA\"");
        String probe = text.replace("if stale; then", "if false; then")
                .replaceAll("(?m)^exec \"\\$JAVA\".*$", "echo \"ROOT=\\$ROOT JAR=\\$JAR\"");
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path copy = repo.resolve("provenant");
        Files.writeString(copy, probe);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("provenant"), Path.of("../repo/provenant")); // relative
        Path bin2 = Files.createDirectories(tmp.resolve("bin2"));
        Files.createSymbolicLink(bin2.resolve("provenant"), bin.resolve("provenant")); // a chain
        String expected = "ROOT=" + repo.toRealPath() + " JAR=" + repo.toRealPath() + "/cli/target/provenant.jar";

        for (Path dir : List.of(bin, bin2)) {
            String path = dir + ":" + System.getenv("PATH");
            assertThat(sh(tmp, path, "provenant --help")).isEqualTo(expected);
        }
        assertThat(sh(repo, System.getenv("PATH"), "./provenant")).isEqualTo(expected);
        assertThat(sh(repo, System.getenv("PATH"), "sh provenant")).isEqualTo(expected);
    }

    private static String sh(Path dir, String path, String command) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", path);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    /** {@code <repo>/provenant}, from the cli module's directory (where Maven runs the tests). */
    private static Path locateScript() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("provenant"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("the provenant script above " + Path.of("").toAbsolutePath())
                .isNotNull();
        return dir.resolve("provenant");
    }
}
