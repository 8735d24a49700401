package dev.provenant.lineage.run.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The one rule the digest upcasters share: valid or null stays, anything else moves aside. */
class LegacyDigestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String D = "sha256:" + "0123456789abcdef".repeat(4);

    private static ObjectNode moved(String json) throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree(json);
        LegacyDigests.moveAside(o, "digest", "invalidDigest");
        return o;
    }

    @Test
    void givenValidNullOrAbsent_thenUnchanged() throws Exception {
        assertThat(moved("{\"digest\":\"" + D + "\"}").toString()).isEqualTo("{\"digest\":\"" + D + "\"}");
        assertThat(moved("{\"digest\":null}").toString()).isEqualTo("{\"digest\":null}");
        assertThat(moved("{\"path\":\"a\"}").toString()).isEqualTo("{\"path\":\"a\"}");
    }

    @Test
    void givenTextThatIsNoCanonicalDigest_thenNullAndTheTextAside() throws Exception {
        for (String text : new String[] {
            "",
            " " + D,
            D + "\n",
            D.toUpperCase(java.util.Locale.ROOT),
            D.substring(7),
            D + "0",
            "sha512:" + "a".repeat(128),
            "a\u0007b"
        }) {
            ObjectNode o = moved(JSON.writeValueAsString(java.util.Map.of("digest", text)));
            assertThat(o.get("digest").isNull()).as(text).isTrue();
            assertThat(o.get("invalidDigest").textValue()).as(text).isEqualTo(text);
        }
    }

    @Test
    void givenANonTextValue_thenItsJsonAside() throws Exception {
        ObjectNode o = moved("{\"digest\":{\"hex\":\"ab\"}}");
        assertThat(o.get("digest").isNull()).isTrue();
        assertThat(o.get("invalidDigest").textValue()).isEqualTo("{\"hex\":\"ab\"}");
    }
}
