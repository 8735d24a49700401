package dev.provenant.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background server runs from a private copy of what the CLI runs from: of the executable jar,
 * or of the whole extracted layout (a thin jar naming {@code lib/*.jar}), so that the server and
 * its replay workers keep their classes when the build rewrites {@code cli/target}.
 */
class PrivateCopyTest {

    @TempDir
    Path tmp;

    @Test
    void givenTheExtractedLayout_whenCopied_thenTheJarAndItsLibrariesAreCopied_onceUntilOneChanges() throws Exception {
        Path layout =
                Files.createDirectories(tmp.resolve("target/provenant/lib")).getParent();
        Path jar = thinJar(layout.resolve("provenant.jar"), "lib/a.jar lib/b.jar");
        Files.writeString(layout.resolve("lib/a.jar"), "a");
        Files.writeString(layout.resolve("lib/b.jar"), "b");
        Path home = Files.createDirectories(tmp.resolve("home"));

        Path copy = ServerLocator.privateCopy(jar, home);

        assertThat(ServerLocator.isLayoutJar(jar)).isTrue();
        assertThat(copy.getParent().getParent()).isEqualTo(home.resolve("lib"));
        assertThat(copy.getFileName().toString()).isEqualTo("provenant.jar");
        assertThat(copy.getParent().getFileName().toString()).startsWith("provenant-");
        assertThat(Files.readString(copy.resolveSibling("lib/a.jar"))).isEqualTo("a");
        assertThat(Files.readString(copy.resolveSibling("lib/b.jar"))).isEqualTo("b");
        assertThat(ServerLocator.isLayoutJar(copy)).isTrue();
        assertThat(ServerLocator.privateCopy(jar, home)).isEqualTo(copy);

        // a rebuild rewrites a library: a new copy, and the old one goes (no server holds the home)
        Files.writeString(layout.resolve("lib/b.jar"), "b2");
        Files.setLastModifiedTime(layout.resolve("lib/b.jar"), FileTime.fromMillis(1_000_000));
        Path second = ServerLocator.privateCopy(jar, home);
        assertThat(second).isNotEqualTo(copy);
        assertThat(Files.readString(second.resolveSibling("lib/b.jar"))).isEqualTo("b2");
        assertThat(copy.getParent()).doesNotExist();
        try (var left = Files.list(home.resolve("lib"))) {
            assertThat(left.toList()).containsExactly(second.getParent());
        }
    }

    @Test
    void givenTheExecutableJar_whenCopied_thenTheJarAloneIsCopied() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("target"));
        Path jar = thinJar(target.resolve("provenant.jar"), null);
        Path home = Files.createDirectories(tmp.resolve("home"));

        Path copy = ServerLocator.privateCopy(jar, home);

        assertThat(ServerLocator.isLayoutJar(jar)).isFalse();
        assertThat(copy.getParent()).isEqualTo(home.resolve("lib"));
        assertThat(copy.getFileName().toString()).startsWith("provenant-").endsWith(".jar");
        assertThat(Files.mismatch(copy, jar)).isEqualTo(-1L);
    }

    private static Path thinJar(Path path, String classPath) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.provenant.cli.ProvenantCli");
        if (classPath != null) {
            m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream out = Files.newOutputStream(path);
                JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        return path;
    }
}
