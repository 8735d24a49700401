package dev.provenant.messages.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextRulesTest {

    @Test
    void givenPlainAndUnicodeNames_whenRequireName_thenReturnedUnchanged() {
        assertThat(TextRules.requireName("name", "train", 10)).isEqualTo("train");
        assertThat(TextRules.requireName("name", "données/été 🚀", 20)).isEqualTo("données/été 🚀");
        assertThat(TextRules.requireName("name", "a b.c-d_e:f@g", 20)).isEqualTo("a b.c-d_e:f@g");
    }

    @Test
    void givenNul_whenRequireName_thenMessageNamesFieldCodePointAndPositionWithoutTheChar() {
        assertThatThrownBy(() -> TextRules.requireName("input.name", "abcd\u0000ef", 100))
                .isInstanceOf(InvalidTextException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input.name: contains control character U+0000 at position 5; remove it")
                .satisfies(e -> assertThat(((InvalidTextException) e).field()).isEqualTo("input.name"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000"));
    }

    @ParameterizedTest
    @ValueSource(
            chars = {'\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f', '\u0080', '\u009b', '\u009f'})
    void givenAnyControlCharacter_whenRequireName_thenRefused(char c) {
        assertThatThrownBy(() -> TextRules.requireName("name", "x" + c, 100))
                .isInstanceOf(InvalidTextException.class)
                .hasMessageContaining(TextRules.codePoint(c))
                .hasMessageContaining("position 2");
    }

    @ParameterizedTest
    @ValueSource(chars = {'\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u009b'})
    void givenControlOtherThanTabLfCr_whenRequireFreeText_thenRefused(char c) {
        assertThatThrownBy(() -> TextRules.requireFreeText("input.description", "line" + c, 100))
                .isInstanceOf(InvalidTextException.class)
                .hasMessageStartingWith(
                        "input.description: contains control character " + TextRules.codePoint(c) + " at position 5");
    }

    @Test
    void givenTabLfCr_whenRequireFreeText_thenAllowed() {
        String text = "a\tb\nc\r\nd";
        assertThat(TextRules.requireFreeText("reason", text, 100)).isEqualTo(text);
        assertThat(TextRules.requireFreeText("reason", "", 100)).isEmpty();
    }

    @Test
    void givenUnpairedSurrogates_whenChecked_thenRefusedInBothKinds() {
        assertThatThrownBy(() -> TextRules.requireName("name", "ab\uD800", 100))
                .hasMessage("name: contains an unpaired UTF-16 surrogate U+D800 at position 3; send valid Unicode");
        assertThatThrownBy(() -> TextRules.requireFreeText("text", "\uDC00ab", 100))
                .hasMessageContaining("U+DC00 at position 1");
        assertThatThrownBy(() -> TextRules.requireFreeText("text", "\uD83D\uD83D\uDE80", 100))
                .hasMessageContaining("U+D83D at position 1");
        // a proper pair is one character
        assertThat(TextRules.requireName("name", "\uD83D\uDE80", 1)).isEqualTo("🚀");
    }

    @Test
    void givenPositionsAfterSupplementaryCharacters_whenReported_thenCountedInCharacters() {
        assertThatThrownBy(() -> TextRules.requireName("name", "🚀🚀\u0001", 100))
                .hasMessageContaining("position 3");
    }

    @Test
    void givenEmptyOrNullOrTooLong_whenRequireName_thenRefusedWithTheReason() {
        assertThatThrownBy(() -> TextRules.requireName("name", "", 10)).hasMessage("name: must not be empty");
        assertThatThrownBy(() -> TextRules.requireName("name", null, 10)).hasMessage("name: is required");
        assertThatThrownBy(() -> TextRules.requireFreeText("text", null, 10)).hasMessage("text: is required");
        assertThatThrownBy(() -> TextRules.requireName("name", "x".repeat(11), 10))
                .hasMessage("name: is 11 characters long; at most 10 are allowed");
        assertThatThrownBy(() -> TextRules.requireFreeText("text", "x".repeat(11), 10))
                .hasMessage("text: is 11 characters long; at most 10 are allowed");
        // length in code points: ten rockets are 20 UTF-16 units but 10 characters
        assertThat(TextRules.requireName("name", "🚀".repeat(10), 10)).hasSize(20);
    }

    @Test
    void givenNull_whenOptionalOrCheck_thenPasses() {
        assertThat(TextRules.optionalName("name", null, 10)).isNull();
        assertThat(TextRules.optionalFreeText("text", null, 10)).isNull();
        assertThat(TextRules.check("x", null, 10, false)).isNull();
        assertThat(TextRules.check("x", "", 10, false)).isEmpty();
        assertThatThrownBy(() -> TextRules.optionalName("name", "", 10)).hasMessage("name: must not be empty");
        assertThatThrownBy(() -> TextRules.check("x", "a\nb", 10, false)).hasMessageContaining("U+000A");
        assertThat(TextRules.check("x", "a\nb", 10, true)).isEqualTo("a\nb");
    }

    @Test
    void givenOtherControlsButNoNulOrLoneSurrogate_whenRequireStorable_thenAllowed() {
        assertThat(TextRules.requireStorable("facets", "a\u001b[31mred\u007f\u0085🚀"))
                .isNotNull();
        assertThat(TextRules.requireStorable("facets", null)).isNull();
        assertThatThrownBy(() -> TextRules.requireStorable("job.name", "ab\u0000"))
                .hasMessage("job.name: contains control character U+0000 at position 3; remove it");
        assertThatThrownBy(() -> TextRules.requireStorable("x", "a\uDFFF"))
                .hasMessageContaining("unpaired UTF-16 surrogate U+DFFF at position 2");
    }

    @Test
    void givenControlsOrLongValues_whenPrintable_thenEscapedAndCut() {
        assertThat(TextRules.printable("a\u0000b\u001b🚀\uD800")).isEqualTo("a\\u0000b\\u001B🚀\\uD800");
        assertThat(TextRules.printable("x".repeat(200))).isEqualTo("x".repeat(120) + "…");
        assertThat(TextRules.printable("x".repeat(120))).isEqualTo("x".repeat(120));
        assertThat(TextRules.printable(null)).isEqualTo("null");
        assertThatThrownBy(() -> dev.provenant.messages.run.RunId.parse("run:a\u0000"))
                .hasMessageContaining("'a\\u0000'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000"));
    }
}
