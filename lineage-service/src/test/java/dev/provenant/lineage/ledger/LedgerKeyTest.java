package dev.provenant.lineage.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerKeyTest {

    @TempDir
    Path dir;

    @Test
    void givenNoKeyFile_whenLoadingTwice_thenOneKeyIsCreatedWithMode600AndReused() throws Exception {
        Path file = dir.resolve("home/ledger-key");

        LedgerKey first = LedgerKey.loadOrCreate(file);
        LedgerKey second = LedgerKey.loadOrCreate(file);

        assertThat(second.id()).isEqualTo(first.id()).matches("ed25519:[0-9a-f]{16}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void givenAKeyFromConfiguration_whenPemBase64OrPath_thenTheSamePublicKeyIsDerived() throws Exception {
        LedgerKey key = LedgerKey.generate();
        String pem = key.privateKeyPem();
        String base64 = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        Path file = dir.resolve("k.pem");
        Files.writeString(file, pem);

        assertThat(LedgerKey.fromConfiguration(pem).publicKeyBase64()).isEqualTo(key.publicKeyBase64());
        assertThat(LedgerKey.fromConfiguration(base64).id()).isEqualTo(key.id());
        assertThat(LedgerKey.fromConfiguration(file.toString()).id()).isEqualTo(key.id());
    }

    @Test
    void givenASignedCheckpoint_whenVerified_thenOnlyTheExactTextHolds() {
        LedgerKey key = LedgerKey.generate();
        String text = Checkpoints.signedText(10, 12, "sha256:" + "ab".repeat(32), Instant.EPOCH, key.id());
        byte[] sig = key.sign(text.getBytes(StandardCharsets.UTF_8));

        assertThat(LedgerKey.verify(key.publicKey(), text.getBytes(StandardCharsets.UTF_8), sig))
                .isTrue();
        assertThat(LedgerKey.verify(
                        key.publicKey(), text.replace("length 10", "length 11").getBytes(StandardCharsets.UTF_8), sig))
                .isFalse();
        assertThat(LedgerKey.verify(LedgerKey.generate().publicKey(), text.getBytes(StandardCharsets.UTF_8), sig))
                .isFalse();
        assertThat(LedgerKey.publicKeyFromBase64(key.publicKeyBase64())).isEqualTo(key.publicKey());
    }

    @Test
    void givenGarbage_whenConfigured_thenTheMessageSaysWhatIsAccepted() {
        assertThatThrownBy(() -> LedgerKey.fromConfiguration("not a key!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither a PEM private key");
        assertThatThrownBy(() -> LedgerKey.fromConfiguration(
                        Base64.getEncoder().encodeToString("short".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a PKCS#8 Ed25519 private key");
    }
}
