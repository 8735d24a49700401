package dev.provenant.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {

    static final Digest A = Digest.ofUtf8("a");
    static final Digest B = Digest.ofUtf8("b");

    @Test
    void givenEntriesInAnyOrder_whenBuilt_thenCanonicalBytesAndDigestAreTheSame() {
        List<ManifestEntry> entries = new ArrayList<>(List.of(
                ManifestEntry.file("b/z.txt", B, 1, false),
                ManifestEntry.file("a.txt", A, 1, true),
                ManifestEntry.file("b/a.txt", A, 1, false),
                ManifestEntry.symlink("latest", "b/z.txt")));
        Manifest m1 = Manifest.of(entries);
        Collections.reverse(entries);
        Manifest m2 = Manifest.of(entries);

        assertThat(m2.digest()).isEqualTo(m1.digest());
        assertThat(m1.entries())
                .extracting(ManifestEntry::path)
                .containsExactly("a.txt", "b/a.txt", "b/z.txt", "latest");
        assertThat(new String(m1.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo(Manifest.HEADER
                        + "100755\t" + A + "\t1\ta.txt\n"
                        + "100644\t" + A + "\t1\tb/a.txt\n"
                        + "100644\t" + B + "\t1\tb/z.txt\n"
                        + "120000\t" + Digest.ofUtf8("b/z.txt") + "\t7\tlatest\tb/z.txt\n");
        assertThat(Manifest.parse(m1.toBytes())).isEqualTo(m1);
        assertThat(m1.digest()).isEqualTo(Digest.of(m1.toBytes()));
    }

    @Test
    void givenPathsThatSortDifferentlyAsUtf16AndUtf8_whenBuilt_thenSortedByUtf8Bytes() {
        String bmpHigh = "\uff21"; // fullwidth A: UTF-16 0xFF21, UTF-8 EF BC A1
        String supplementary = "\ud83d\ude00"; // U+1F600: UTF-16 0xD83D.., UTF-8 F0 9F 98 80
        Manifest m = Manifest.of(
                List.of(ManifestEntry.file(supplementary, A, 1, false), ManifestEntry.file(bmpHigh, A, 1, false)));

        assertThat(m.entries()).extracting(ManifestEntry::path).containsExactly(bmpHigh, supplementary);
        assertThat(Manifest.parse(m.toBytes())).isEqualTo(m);
    }

    @Test
    void givenUnsafePaths_whenBuilt_thenUnsafePathNamingThePath() {
        for (String bad : List.of(
                "../x",
                "a/../../x",
                "/abs",
                "a//b",
                "a/",
                "./a",
                "a/.",
                "nul\u0000x",
                "tab\tx",
                "new\nline",
                "back\\slash",
                "C:/windows",
                "x".repeat(256),
                ("d/").repeat(2100) + "f",
                "")) {
            assertThatThrownBy(() -> ManifestEntry.file(bad, A, 1, false))
                    .as("path %s", bad.length() > 40 ? bad.substring(0, 40) : bad)
                    .isInstanceOf(UnsafePathException.class);
        }
    }

    @Test
    void givenDuplicateOrConflictingPaths_whenBuilt_thenRejected() {
        assertThatThrownBy(() -> Manifest.of(
                        List.of(ManifestEntry.file("same", A, 1, false), ManifestEntry.file("same", B, 1, false))))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("Duplicate path 'same'");
        assertThatThrownBy(() -> Manifest.of(
                        List.of(ManifestEntry.file("dir", A, 1, false), ManifestEntry.file("dir/file", B, 1, false))))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("'dir' to be a directory");
        assertThatThrownBy(() -> Manifest.of(
                        List.of(ManifestEntry.symlink("link", "."), ManifestEntry.file("link/escape", B, 1, false))))
                .isInstanceOf(UnsafePathException.class);
    }

    @Test
    void givenSymlinksThatEscape_whenBuilt_thenRejectedIncludingThroughOtherLinks() {
        assertThatThrownBy(() -> ManifestEntry.symlink("l", "/etc/passwd")).isInstanceOf(UnsafePathException.class);
        assertThatThrownBy(() -> Manifest.of(List.of(ManifestEntry.symlink("l", "../x"))))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("zip-slip");
        assertThatThrownBy(() -> Manifest.of(List.of(ManifestEntry.symlink("a/b/l", "../../../x"))))
                .isInstanceOf(UnsafePathException.class);
        // d/up -> .. is the root (fine); d/z -> up/.. goes through it to the root's parent.
        assertThatThrownBy(() -> Manifest.of(
                        List.of(ManifestEntry.symlink("d/up", ".."), ManifestEntry.symlink("d/z", "up/.."))))
                .isInstanceOf(UnsafePathException.class)
                .hasMessageContaining("'d/z'");
        assertThatThrownBy(() ->
                        Manifest.of(List.of(ManifestEntry.symlink("x", "y/a"), ManifestEntry.symlink("y", "x/b"))))
                .isInstanceOf(UnsafePathException.class);
        Manifest ok = Manifest.of(List.of(
                ManifestEntry.symlink("a/b/l", "../../c"),
                ManifestEntry.symlink("d/up", ".."),
                ManifestEntry.file("c", A, 1, false)));
        assertThat(ok.entries()).hasSize(3);
    }

    @Test
    void givenNonCanonicalText_whenParsed_thenRejected() {
        String line = "100644\t" + A + "\t1\t";
        List<String> bad = List.of(
                "not a manifest\n",
                Manifest.HEADER + line + "b\n" + line + "a\n", // unsorted
                Manifest.HEADER + line + "a\n" + line + "a\n", // duplicate
                Manifest.HEADER + line + "a", // no final newline
                Manifest.HEADER + "100644 " + A + " 1 a\n", // spaces
                Manifest.HEADER + "100600\t" + A + "\t1\ta\n", // unknown mode
                Manifest.HEADER + "100644\t" + A + "\t01\ta\n", // leading zero
                Manifest.HEADER + "100644\t" + A + "\t-1\ta\n",
                Manifest.HEADER + "100644\tsha256:xyz\t1\ta\n",
                Manifest.HEADER + line + "a\n\n",
                Manifest.HEADER + "120000\t" + A + "\t1\tl\tb\n"); // link digest does not match target
        for (String text : bad) {
            assertThatThrownBy(() -> Manifest.parse(text.getBytes(StandardCharsets.UTF_8)))
                    .as(text)
                    .isInstanceOf(InvalidManifestException.class);
        }
        assertThatThrownBy(() -> Manifest.parse((Manifest.HEADER + line).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidManifestException.class);
    }

    @Test
    void givenAnEmptyManifest_whenParsed_thenItHasNoEntries() {
        Manifest empty = Manifest.of(List.of());

        assertThat(Manifest.parse(empty.toBytes()).entries()).isEmpty();
        assertThat(Manifest.isManifest(empty.toBytes())).isTrue();
        assertThat(Manifest.isManifest("provenant".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
    }
}
