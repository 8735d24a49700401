package dev.provenant.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaStringsTest {

    @Test
    void literalsAreJoinedAcrossPlusAndLines_textBlocksLoseTheirIndentation_commentsAndCharsAreSkipped() {
        String src = """
                class A {
                    // "not { a literal }"
                    /* "nor { this }" */
                    char q = '"';
                    String a = "query { run(id: \\"" + id + "\\") {"
                            + " id } }";
                    String b = \"""
                            { runs { totalCount } }
                            \""";
                    Object c = Map.of("query", "{ serverInfo { version } }");
                }
                """;

        assertThat(JavaStrings.joined(src))
                .containsExactly(
                        new JavaStrings.Joined(5, "query { run(id: \"0\") { id } }"),
                        new JavaStrings.Joined(7, "{ runs { totalCount } }\n"),
                        new JavaStrings.Joined(10, "query"),
                        new JavaStrings.Joined(10, "{ serverInfo { version } }"));
    }
}
