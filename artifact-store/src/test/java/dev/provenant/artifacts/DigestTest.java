package dev.provenant.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {

    static final String EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void givenTheCanonicalForm_whenParsed_thenRoundTrips() {
        Digest d = Digest.parse(EMPTY);

        assertThat(d.toString()).isEqualTo(EMPTY);
        assertThat(d.algorithm()).isEqualTo("sha256");
        assertThat(d.hex()).hasSize(64);
        assertThat(d).isEqualTo(Digest.of(new byte[0])).isEqualTo(Digest.ofHex(d.hex()));
        assertThat(d.shortForm()).isEqualTo("sha256:e3b0c44298fc");
    }

    @Test
    void givenKnownContent_whenHashed_thenMatchesTheSha256TestVector() {
        assertThat(Digest.ofUtf8("abc").hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Digest.of("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(Digest.ofUtf8("abc"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "sha256:",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
                "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
                "sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85 ",
                "md5:d41d8cd98f00b204e9800998ecf8427e",
                "sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                " sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\u0000"
            })
    void givenAMalformedDigest_whenParsed_thenInvalidDigestNamingTheValue(String text) {
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOf(InvalidDigestException.class)
                .isInstanceOf(ArtifactStoreException.class)
                .hasMessageContaining("Digest");
        assertThat(Digest.isValid(text)).isFalse();
    }

    @Test
    void givenAnUnknownAlgorithm_whenParsed_thenTheMessageSaysWhichAreSupported() {
        assertThatThrownBy(() -> Digest.parse("md5:d41d8cd98f00b204e9800998ecf8427e"))
                .hasMessageContaining("unknown algorithm 'md5'")
                .hasMessageContaining("sha256");
    }

    @Test
    void givenAWrongLength_whenParsed_thenTheMessageGivesTheCount() {
        assertThatThrownBy(() -> Digest.parse("sha256:abc")).hasMessageContaining("3 hex digits");
    }

    @Test
    void givenNull_whenParsed_thenInvalidDigest() {
        assertThatThrownBy(() -> Digest.parse(null)).isInstanceOf(InvalidDigestException.class);
    }
}
